// Mutant: the rail is a buffered channel and Close closes it, so a Put waiting on a full rail when Close comes panics with "send on closed channel". Caught by: correctness, timing, leaks.
package rail

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

var ErrClosed = errors.New("rail closed")

type Rail[T any] struct {
	tickets chan T
	closed  atomic.Bool
	once    sync.Once
}

func NewRail[T any](capacity int) *Rail[T] {
	if capacity < 1 {
		panic("rail: capacity must be at least 1")
	}
	return &Rail[T]{tickets: make(chan T, capacity)}
}

func (r *Rail[T]) Put(ctx context.Context, v T) error {
	if r.closed.Load() {
		return ErrClosed
	}
	select {
	case r.tickets <- v:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *Rail[T]) Get(ctx context.Context) (T, error) {
	select {
	case v, ok := <-r.tickets:
		if !ok {
			return v, ErrClosed
		}
		return v, nil
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

func (r *Rail[T]) Close() {
	r.once.Do(func() {
		r.closed.Store(true)
		close(r.tickets)
	})
}

func (r *Rail[T]) Len() int { return len(r.tickets) }
