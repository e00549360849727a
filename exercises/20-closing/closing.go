// Package closing is closing time at the deli. At the end of the day the door
// is locked, so no new customer comes in; everyone already inside is still
// served; and only when the last of them has their sandwich do the staff go
// home. If the manager cannot wait that long, the keys stay with the staff,
// who finish serving and lock up behind them.
//
// A Counter is that deli: Submit is a customer placing an order, the workers
// are the staff behind the counter, and Shutdown is closing time.
//
// Panics are outside the contract: a panic in handle is not recovered. A nil
// handle and a nil context are outside the contract too.
package closing

import (
	"context"
	"errors"
)

// ErrClosed is returned by Submit once Shutdown has begun.
var ErrClosed = errors.New("closed")

// Counter takes orders and has a fixed team of workers handle them. Its
// methods are safe for use by any number of goroutines at once, including
// from inside handle.
//
// A Counter's workers wait for orders until Shutdown: shut down every Counter
// you make, or its workers are never stopped.
type Counter struct {
	// Add your fields here.
}

// NewCounter opens a counter with `workers` workers (fewer than one counts as
// one). Each worker calls handle for one order at a time, so up to `workers`
// calls of handle run at once: while orders wait, every worker is busy.
//
// handle is called exactly once for every accepted order. The order in which
// waiting orders are picked up is not part of the contract.
func NewCounter(workers int, handle func(order int)) *Counter {
	panic("TODO: start the workers and open the counter")
}

// Submit places an order. It returns nil when the order is accepted (it will
// be handled, exactly once, even if Shutdown begins right after), and
// ErrClosed, without accepting the order, once Shutdown has begun, whether or
// not that Shutdown has returned yet.
//
// Submit never blocks: when every worker is busy, the order waits in a queue
// with no size limit.
func (c *Counter) Submit(order int) error {
	panic("TODO: queue the order, or refuse it once the counter is closing")
}

// Shutdown closes the counter and waits for it to empty. From the moment
// Shutdown is called, every Submit returns ErrClosed. Shutdown returns nil
// once every accepted order has been handled (every call of handle has
// returned) and every worker has exited: from then on, no goroutine of the
// Counter is left.
//
// If ctx ends first, Shutdown returns ctx.Err() at that moment. The closing
// goes on without it: the counter stays closed, the orders already accepted
// are still handled, and the workers exit after the last one. Nothing is
// dropped and, once that work is done, nothing is left running.
//
// Shutdown may be called any number of times, from any number of goroutines,
// at once or later: every call waits for the same closing, as described
// above. A call made once the closing is over returns nil at once, even if
// its ctx has ended. (Calling Shutdown from inside handle waits for that very
// handle to return: it returns only when its ctx ends.)
func (c *Counter) Shutdown(ctx context.Context) error {
	panic("TODO: refuse new orders, wait for the accepted ones, or for ctx")
}
