// Package hedge is the deli's way with a slow supplier: phone every bakery at
// once, buy from the first one that has rye, and tell the others never mind.
package hedge

import (
	"context"
	"errors"
	"time"
)

// errNoReplicas is returned when there is nobody to ask.
var errNoReplicas = errors.New("hedge: no replicas to call")

// answer is what one replica handed in.
type answer struct {
	val string
	err error
}

// FirstOf calls every replica at once and returns the first success. The
// others' contexts are cancelled as it returns; it does not wait for them.
func FirstOf(ctx context.Context, timeout time.Duration, replicas ...func(context.Context) (string, error)) (string, error) {
	if len(replicas) == 0 {
		return "", errNoReplicas
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel() // the losers' signal to stop
	if err := ctx.Err(); err != nil {
		return "", err
	}

	// Room for every answer: a loser that finishes after FirstOf has returned
	// drops its answer in the buffer and exits, and nobody needs to read it.
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
