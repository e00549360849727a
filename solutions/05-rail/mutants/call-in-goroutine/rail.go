// Mutant: Put and Get wait on the sync.Cond in a helper goroutine and select on its result and ctx.Done(), so after a cancel the helper stays behind, and later adds the ticket of a Put that failed or takes a ticket for a Get that has gone. Caught by: correctness, leaks.
package rail

import (
	"context"
	"errors"
	"sync"
)

var ErrClosed = errors.New("rail closed")

type Rail[T any] struct {
	mu       sync.Mutex
	notFull  sync.Cond
	notEmpty sync.Cond
	items    []T
	capacity int
	closed   bool
}

func NewRail[T any](capacity int) *Rail[T] {
	if capacity < 1 {
		panic("rail: capacity must be at least 1")
	}
	r := &Rail[T]{capacity: capacity}
	r.notFull.L = &r.mu
	r.notEmpty.L = &r.mu
	return r
}

// A sync.Cond cannot watch a context, so the waiting happens in a goroutine
// and the caller selects on its result and on ctx.
func (r *Rail[T]) Put(ctx context.Context, v T) error {
	done := make(chan error, 1)
	go func() { done <- r.put(v) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (r *Rail[T]) put(v T) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.items) == r.capacity && !r.closed {
		r.notFull.Wait()
	}
	if r.closed {
		return ErrClosed
	}
	r.items = append(r.items, v)
	r.notEmpty.Signal()
	return nil
}

type result[T any] struct {
	v   T
	err error
}

func (r *Rail[T]) Get(ctx context.Context) (T, error) {
	done := make(chan result[T], 1)
	go func() {
		v, err := r.get()
		done <- result[T]{v, err}
	}()
	select {
	case res := <-done:
		return res.v, res.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

func (r *Rail[T]) get() (T, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for len(r.items) == 0 && !r.closed {
		r.notEmpty.Wait()
	}
	var zero T
	if len(r.items) == 0 {
		return zero, ErrClosed
	}
	v := r.items[0]
	r.items = r.items[1:]
	r.notFull.Signal()
	return v, nil
}

func (r *Rail[T]) Close() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.closed = true
	r.notFull.Broadcast()
	r.notEmpty.Broadcast()
}

func (r *Rail[T]) Len() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.items)
}
