// Mutant: Submit checks an atomic closed flag and then sends on the order channel, while Shutdown sets the flag and closes the channel: a Submit between the check and the send races with the close (and may panic). Caught by: race.

// Package closing is closing time at the deli: stop taking orders, serve
// everyone already in line, then send the staff home.
package closing

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// ErrClosed is returned by Submit once Shutdown has begun.
var ErrClosed = errors.New("closed")

// Counter hands orders to its workers over a channel with room to spare.
type Counter struct {
	orders chan int
	closed atomic.Bool
	once   sync.Once
	done   chan struct{} // closed once every worker has exited
}

// NewCounter starts the workers and returns the open counter.
func NewCounter(workers int, handle func(order int)) *Counter {
	c := &Counter{orders: make(chan int, 1<<16), done: make(chan struct{})}
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for order := range c.orders {
				handle(order)
			}
		})
	}
	go func() {
		wg.Wait()
		close(c.done)
	}()
	return c
}

// Submit queues order, or returns ErrClosed once Shutdown began.
func (c *Counter) Submit(order int) error {
	if c.closed.Load() {
		return ErrClosed
	}
	c.orders <- order
	return nil
}

// Shutdown closes the counter and waits for the workers, or for ctx.
func (c *Counter) Shutdown(ctx context.Context) error {
	c.once.Do(func() {
		c.closed.Store(true)
		close(c.orders)
	})
	select {
	case <-c.done:
		return nil
	default:
	}
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
