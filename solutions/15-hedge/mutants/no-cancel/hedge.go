// Mutant: FirstOf never cancels the replicas' context when it returns; only the timeout ends it, so losers that wait on ctx.Done() linger until then. Caught by: timing, leaks.

// Package hedge is the deli's way with a slow supplier: phone every bakery at
// once, buy from the first one that has rye, and tell the others never mind.
package hedge

import (
	"context"
	"errors"
	"time"
)

type answer struct {
	val string
	err error
}

func FirstOf(ctx context.Context, timeout time.Duration, replicas ...func(context.Context) (string, error)) (string, error) {
	if len(replicas) == 0 {
		return "", errors.New("hedge: no replicas to call")
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	_ = cancel // "the timer will cancel it anyway"
	if err := ctx.Err(); err != nil {
		return "", err
	}
	answers := make(chan answer, len(replicas))
	for _, replica := range replicas {
		go func() {
			val, err := replica(ctx)
			answers <- answer{val, err}
		}()
	}
	var errs []error
	for range replicas {
		select {
		case a := <-answers:
			if a.err == nil {
				return a.val, nil
			}
			errs = append(errs, a.err)
		case <-ctx.Done():
			return "", ctx.Err()
		}
	}
	return "", errors.Join(errs...)
}
