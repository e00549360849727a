// Mutant: each replica's goroutine appends its error to a slice shared by all of them, without a lock. Caught by: race.

// Package hedge is the deli's way with a slow supplier: phone every bakery at
// once, buy from the first one that has rye, and tell the others never mind.
package hedge

import (
	"context"
	"errors"
	"time"
)

func FirstOf(ctx context.Context, timeout time.Duration, replicas ...func(context.Context) (string, error)) (string, error) {
	if len(replicas) == 0 {
		return "", errors.New("hedge: no replicas to call")
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if err := ctx.Err(); err != nil {
		return "", err
	}
	wins := make(chan string, len(replicas))
	fails := make(chan struct{}, len(replicas))
	var errs []error
	for _, replica := range replicas {
		go func() {
			val, err := replica(ctx)
			if err != nil {
				errs = append(errs, err) // every failing replica writes here at once
				fails <- struct{}{}
				return
			}
			wins <- val
		}()
	}
	for range replicas {
		select {
		case val := <-wins:
			return val, nil
		case <-fails:
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	return "", errors.Join(errs...)
}
