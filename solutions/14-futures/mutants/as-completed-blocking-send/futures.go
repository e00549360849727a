// Mutant: AsCompleted's forwarding goroutines send on the unbuffered channel without watching ctx, so they block forever once the caller stops reading. Caught by: leaks.

// Package futures is the deli's ticket queue: every order gets a ticket, the
// kitchen cooks them all at once, and a ticket is called when its food is ready.
package futures

import (
	"context"
	"sync"
)

// Future is a ticket for a result that is not ready yet. The result is written
// once, before done is closed, and only read after done is closed.
type Future[T any] struct {
	done chan struct{}
	val  T
	err  error
}

// Async starts f at once in its own goroutine and returns its ticket.
func Async[T any](f func() (T, error)) *Future[T] {
	fut := &Future[T]{done: make(chan struct{})}
	go func() {
		fut.val, fut.err = f()
		close(fut.done)
	}()
	return fut
}

// Await waits for f's result, or for ctx to end. A result that is ready wins
// over a context that has ended.
func (f *Future[T]) Await(ctx context.Context) (T, error) {
	select {
	case <-f.done:
		return f.val, f.err
	default:
	}
	select {
	case <-f.done:
		return f.val, f.err
	case <-ctx.Done():
		var zero T
		return zero, ctx.Err()
	}
}

// Done is closed once the function given to Async has returned.
func (f *Future[T]) Done() <-chan struct{} { return f.done }

// AsCompleted sends each future on the channel as it completes, then closes it.
// When ctx ends it stops sending and closes the channel early.
func AsCompleted[T any](ctx context.Context, fs ...*Future[T]) <-chan *Future[T] {
	out := make(chan *Future[T])
	var wg sync.WaitGroup
	for _, f := range fs {
		wg.Go(func() {
			select {
			case <-f.done:
			case <-ctx.Done():
				return
			}
			out <- f
		})
	}
	go func() {
		wg.Wait()
		close(out)
	}()
	return out
}

// Gather waits for every future and returns their results in input order, or
// the first error to happen, or ctx.Err() if ctx ends first.
func Gather[T any](ctx context.Context, fs ...*Future[T]) ([]T, error) {
	watch, stop := context.WithCancel(ctx)
	defer stop() // releases AsCompleted's goroutines when Gather returns early
	completed := 0
	for f := range AsCompleted(watch, fs...) {
		if f.err != nil {
			return nil, f.err
		}
		completed++
	}
	if completed < len(fs) {
		return nil, ctx.Err()
	}
	out := make([]T, len(fs))
	for i, f := range fs {
		out[i] = f.val
	}
	return out, nil
}
