// Mutant: FirstOf waits for every replica to return and only then picks the first success, so it takes as long as the slowest replica. Caught by: timing.

// Package hedge is the deli's way with a slow supplier: phone every bakery at
// once, buy from the first one that has rye, and tell the others never mind.
package hedge

import (
	"context"
	"errors"
	"sync"
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
	defer cancel()
	if err := ctx.Err(); err != nil {
		return "", err
	}
	answers := make(chan answer, len(replicas))
	var wg sync.WaitGroup
	for _, replica := range replicas {
		wg.Go(func() {
			val, err := replica(ctx)
			answers <- answer{val, err}
		})
	}
	wg.Wait() // everybody answers first
	close(answers)
	var errs []error
	for a := range answers { // in the order they answered
		if a.err == nil {
			return a.val, nil
		}
		errs = append(errs, a.err)
	}
	if err := ctx.Err(); err != nil {
		return "", err
	}
	return "", errors.Join(errs...)
}
