// Package deli is the whole deli in one service. Customers order at the door
// and get a numbered ticket; accepted orders wait in a line of limited length;
// a fixed number of registers cook them, oldest ticket first; a ticket is
// called when its meal is ready; and at closing time the door is locked, the
// line is served, and the staff go home. If the manager cannot wait that long,
// the cooks are told to stop and the customers still in line are sent away.
//
// Panics are outside the contract: a panic in the Cook is not recovered. A nil
// Cook, a nil context, a nil *Deli and a nil *Ticket are outside the contract
// too.
package deli

import (
	"context"
	"errors"
)

// ErrClosed is returned by Order once closing time has begun, and by Collect
// for an order abandoned at closing.
var ErrClosed = errors.New("deli: closed")

// Cook prepares one order and returns the meal. ctx ends when the deli gives
// up on the order (see Close); a Cook should then return promptly.
type Cook func(ctx context.Context, order string) (meal string, err error)

// Deli takes orders, hands out tickets and cooks the orders on a fixed number
// of registers. Its methods, and those of its tickets, are safe for use by any
// number of goroutines at once.
//
// Open starts the registers, and they wait for orders until Close: close every
// Deli you open, or its goroutines are never stopped.
type Deli struct {
	// Add your fields here.
}

// Open opens a deli with `registers` orders cooked at once and room for `line`
// accepted orders waiting for a register. registers < 1 counts as 1, line < 0
// as 0.
//
// At most `registers` calls of cook run at once, and while accepted orders
// wait in line, every register is cooking: a register that finishes an order
// starts the next one at that very instant. Each accepted order is cooked at
// most once, by one call of cook with ctx and order.
func Open(registers, line int, cook Cook) *Deli {
	panic("TODO: open the deli and start the registers")
}

// Order accepts an order and returns its ticket. Tickets are numbered 1, 2, 3,
// … in the order Order accepted them, with no gaps, and registers start the
// orders in ticket order (FIFO): a register never starts an order while an
// order with a smaller number waits in line.
//
// An order is accepted at once when a register is free or the line has room.
// Otherwise Order blocks while `line` accepted orders wait for a register
// (and all registers are busy), and accepts the order at the instant a place
// frees up. Among callers blocked at the same time, which one is served first
// is not promised.
//
// Order refuses an order, accepting nothing and giving out no number:
//   - with ErrClosed once Close has begun, also to callers already blocked when
//     Close begins, and whatever the state of ctx;
//   - otherwise with ctx.Err() if ctx has ended, whether before the call (even
//     when there is room) or while Order was blocked.
//
// ctx governs only the wait at the door: once the order is accepted, it is
// cooked whatever becomes of ctx.
func (d *Deli) Order(ctx context.Context, order string) (*Ticket, error) {
	panic("TODO: take a ticket and a place in line, or refuse")
}

// Close is closing time. From the moment it begins, Order returns ErrClosed.
// Accepted orders, those being cooked and those still in line, are still
// cooked, and Close returns nil at the instant the last of them is done, with
// no goroutine of the deli left running.
//
// If ctx ends first, Close gives up on the orders at that instant: it cancels
// the ctx of the orders being cooked, abandons the orders still in line (their
// tickets are done at once, with ErrClosed, and they are never cooked), waits
// for the cooks to return, and returns ctx.Err(). Close never leaves a
// goroutine of the deli running, so with a Cook that ignores its ctx it waits
// for that Cook to finish.
//
// Close may be called more than once and from several goroutines; every call
// waits for the same closing. A call whose own ctx does not end returns nil
// once the closing is over, even if another call gave up on the orders. A call
// made once the closing is over returns nil at once, even if its ctx has
// ended.
func (d *Deli) Close(ctx context.Context) error {
	panic("TODO: lock the door, serve the line, send the registers home")
}

// Ticket is the receipt for one accepted order.
type Ticket struct {
	// Add your fields here.
}

// Number is the ticket's number: 1 for the first order the deli accepted, 2
// for the second, and so on.
func (t *Ticket) Number() int {
	panic("TODO: return the ticket's number")
}

// Ready is closed when the order is done: cooked, failed, or abandoned at
// closing. Every call returns the same channel.
func (t *Ticket) Ready() <-chan struct{} {
	panic("TODO: return the channel closed when the order is done")
}

// Collect waits until the order is done or ctx ends. It returns the meal and
// the error as the cook returned them, ("", ErrClosed) if the order was
// abandoned at closing, or ("", ctx.Err()) if ctx ended first (the order goes
// on, and the ticket can be collected again later).
//
// A done order wins: if the order is done when Collect is called, Collect
// returns its outcome even if ctx has ended. Any number of goroutines may call
// Collect, any number of times: they all get the same outcome.
func (t *Ticket) Collect(ctx context.Context) (string, error) {
	panic("TODO: wait for the order to be done, or for ctx")
}
