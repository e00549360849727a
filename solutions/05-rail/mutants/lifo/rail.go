// Mutant: Get takes the ticket clipped on last (the end of the slice, as a stack) instead of the oldest. Caught by: ordering, timing.
package rail

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by Put once the rail is closed, and by Get once it is
// closed and empty.
var ErrClosed = errors.New("rail closed")

// Rail is a buffer holding at most a fixed number of
// values. One mutex guards everything; waiters sleep on two conditions and
// always re-check what they wait for when they wake.
type Rail[T any] struct {
	mu       sync.Mutex
	notFull  sync.Cond // signalled when a slot frees up
	notEmpty sync.Cond // signalled when a value arrives
	items    []T
	capacity int
	closed   bool
}

// NewRail returns an open, empty rail with room for capacity values. It panics
// if capacity is less than 1.
func NewRail[T any](capacity int) *Rail[T] {
	if capacity < 1 {
		panic("rail: capacity must be at least 1")
	}
	r := &Rail[T]{capacity: capacity}
	r.notFull.L = &r.mu
	r.notEmpty.L = &r.mu
	return r
}

// Put clips v on the rail, waiting while the rail is full.
func (r *Rail[T]) Put(ctx context.Context, v T) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.wait(ctx, &r.notFull, func() bool { return len(r.items) < r.capacity })
	switch {
	case r.closed:
		return ErrClosed
	case len(r.items) == r.capacity:
		return ctx.Err()
	}
	r.items = append(r.items, v)
	r.notEmpty.Signal()
	return nil
}

// Get takes a value off the rail, waiting while the rail is empty.
// After Close it hands out what is left, then returns ErrClosed.
func (r *Rail[T]) Get(ctx context.Context) (T, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.wait(ctx, &r.notEmpty, func() bool { return len(r.items) > 0 })
	var zero T
	if len(r.items) == 0 {
		if r.closed {
			return zero, ErrClosed
		}
		return zero, ctx.Err()
	}
	// Taking from the end is cheaper than shifting the whole slice.
	v := r.items[len(r.items)-1]
	r.items = r.items[:len(r.items)-1]
	r.notFull.Signal()
	return v, nil
}

// wait sleeps on c (with r.mu held) until ready reports true, the rail is
// closed, or ctx ends. A Cond cannot watch a context, so a cancel is turned
// into a broadcast that wakes every waiter; each checks again what it waits for.
func (r *Rail[T]) wait(ctx context.Context, c *sync.Cond, ready func() bool) {
	if ready() || r.closed || ctx.Err() != nil {
		return
	}
	stop := context.AfterFunc(ctx, func() {
		r.mu.Lock()
		defer r.mu.Unlock()
		c.Broadcast()
	})
	defer stop()
	for !ready() && !r.closed && ctx.Err() == nil {
		c.Wait()
	}
}

// Close closes the rail and wakes everyone waiting on it. Closing it again
// does nothing.
func (r *Rail[T]) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.closed {
		return
	}
	r.closed = true
	r.notFull.Broadcast()
	r.notEmpty.Broadcast()
}

// Len returns the number of values on the rail.
func (r *Rail[T]) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.items)
}
