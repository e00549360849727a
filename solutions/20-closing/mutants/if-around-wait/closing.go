// Mutant: A worker calls Cond.Wait under an if, not a for, and takes an empty queue on waking to mean closed: a worker woken for an order another worker took first goes home while the counter is open, and later orders wait with workers missing. Caught by: timing.

// Package closing is closing time at the deli: stop taking orders, serve
// everyone already in line, then send the staff home.
package closing

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by Submit once Shutdown has begun.
var ErrClosed = errors.New("closed")

// Counter hands orders to a fixed team of workers. The queue is unbounded, so
// Submit never waits; mu guards every field but handle and done.
type Counter struct {
	handle func(order int)

	mu      sync.Mutex
	arrived *sync.Cond // signalled when an order arrives or the counter closes
	queue   []int
	closed  bool
	working int           // workers that have not exited yet
	done    chan struct{} // closed by the last worker to exit
}

// NewCounter starts the workers (at least one) and returns the open counter.
func NewCounter(workers int, handle func(order int)) *Counter {
	workers = max(workers, 1)
	c := &Counter{handle: handle, working: workers, done: make(chan struct{})}
	c.arrived = sync.NewCond(&c.mu)
	for range workers {
		go c.work()
	}
	return c
}

// Submit queues order for a worker, or returns ErrClosed once Shutdown began.
// The check and the append happen under one lock, so no order slips in after
// the counter has closed.
func (c *Counter) Submit(order int) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return ErrClosed
	}
	c.queue = append(c.queue, order)
	c.arrived.Signal()
	return nil
}

// work handles orders until the counter is closed and the queue is empty.
func (c *Counter) work() {
	for {
		order, ok := c.next()
		if !ok {
			return
		}
		c.handle(order)
	}
}

// next waits for an order and takes it. It reports false once the counter is
// closed and drained; the last worker to learn that closes done.
func (c *Counter) next() (order int, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 && !c.closed {
		c.arrived.Wait()
	}
	if len(c.queue) == 0 { // after one wake-up, an empty queue is taken to mean closed
		c.working--
		if c.working == 0 {
			close(c.done)
		}
		return 0, false
	}
	order, c.queue = c.queue[0], c.queue[1:]
	return order, true
}

// Shutdown closes the counter and waits until every accepted order has been
// handled and every worker has exited, or until ctx ends.
func (c *Counter) Shutdown(ctx context.Context) error {
	c.mu.Lock()
	if !c.closed {
		c.closed = true
		c.arrived.Broadcast()
	}
	c.mu.Unlock()
	select {
	case <-c.done: // already drained: that wins over an ended ctx
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
