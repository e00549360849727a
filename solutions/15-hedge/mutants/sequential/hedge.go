// Mutant: FirstOf calls the replicas one after another, asking the next only when the previous one failed. Caught by: correctness, timing.

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
	var errs []error
	for _, replica := range replicas {
		if err := ctx.Err(); err != nil {
			return "", err
		}
		val, err := replica(ctx)
		if err == nil {
			return val, nil
		}
		errs = append(errs, err)
	}
	return "", errors.Join(errs...)
}
