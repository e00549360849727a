// Mutant: Every call of Shutdown starts a goroutine that waits for the workers and closes done, so a second Shutdown closes done twice and panics. Caught by: correctness.

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

// Counter hands orders to a fixed team of workers through an unbounded queue.
type Counter struct {
	handle  func(order int)
	workers sync.WaitGroup

	mu      sync.Mutex
	arrived *sync.Cond
	queue   []int
	closed  bool
	done    chan struct{} // closed once every worker has exited
}

// NewCounter starts the workers and returns the open counter.
func NewCounter(workers int, handle func(order int)) *Counter {
	c := &Counter{handle: handle, done: make(chan struct{})}
	c.arrived = sync.NewCond(&c.mu)
	for range max(workers, 1) {
		c.workers.Go(c.work)
	}
	return c
}

// Submit queues order, or returns ErrClosed once Shutdown began.
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

func (c *Counter) work() {
	for {
		c.mu.Lock()
		for len(c.queue) == 0 && !c.closed {
			c.arrived.Wait()
		}
		if len(c.queue) == 0 {
			c.mu.Unlock()
			return
		}
		order := c.queue[0]
		c.queue = c.queue[1:]
		c.mu.Unlock()
		c.handle(order)
	}
}

// Shutdown closes the counter and waits for the workers, or for ctx.
func (c *Counter) Shutdown(ctx context.Context) error {
	c.mu.Lock()
	c.closed = true
	c.arrived.Broadcast()
	c.mu.Unlock()
	go func() {
		c.workers.Wait()
		close(c.done)
	}()
	select {
	case <-c.done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
