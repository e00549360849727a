// Mutant: an Order waiting at the door while another customer holds it listens to closing time but not to its ctx, so it gives up only once that customer gets in. Caught by: timing.

// Package deli is the whole deli in one service: customers order at the door,
// get a numbered ticket, wait in a line of limited length, and a fixed number
// of registers cook the orders, oldest ticket first. At closing time the door
// is locked, the line is served, and the staff go home.
package deli

import (
	"context"
	"errors"
	"sync"
	"sync/atomic"
)

// ErrClosed is returned by Order once closing time has begun, and by Collect
// for an order abandoned at closing.
var ErrClosed = errors.New("deli: closed")

// Cook prepares one order and returns the meal. ctx ends when the deli gives
// up on the order.
type Cook func(ctx context.Context, order string) (meal string, err error)

// Deli is built from channels only, so that every wait is one a select can
// also leave for a context or for closing time.
//
// The line is a buffered channel: a send succeeds while it has room or while
// a register waits to receive, which is exactly when Order may accept. The
// door is a one-token channel used as a lock: its holder numbers a ticket and
// puts it in line, so the numbers follow the line's order, and it can still
// give up while it waits.
type Deli struct {
	cook Cook

	door    chan struct{} // holding the token: the right to number a ticket and put it in line
	line    chan *Ticket  // accepted orders waiting for a register; closed once the door is locked
	number  int           // the last ticket number handed out; only the door's holder touches it
	closing chan struct{} // closed when Close begins
	lock    sync.Once     // locks the door once

	kitchen context.Context    // the cooks' context
	giveUp  context.CancelFunc // ends kitchen: the deli gives up on the orders
	working atomic.Int32       // registers still at work
	done    chan struct{}      // closed by the last register to leave
}

// Open opens a deli with `registers` orders cooked at once and room for `line`
// accepted orders waiting for a register.
func Open(registers, line int, cook Cook) *Deli {
	registers, line = max(registers, 1), max(line, 0)
	kitchen, giveUp := context.WithCancel(context.Background())
	d := &Deli{
		cook:    cook,
		door:    make(chan struct{}, 1),
		line:    make(chan *Ticket, line),
		closing: make(chan struct{}),
		kitchen: kitchen,
		giveUp:  giveUp,
		done:    make(chan struct{}),
	}
	d.working.Store(int32(registers))
	for range registers {
		go d.register()
	}
	return d
}

// register cooks the orders in line, oldest first, until the line is closed
// and empty. Once the deli has given up, what is left in line is abandoned.
func (d *Deli) register() {
	defer func() {
		if d.working.Add(-1) == 0 {
			d.giveUp() // release the kitchen's context
			close(d.done)
		}
	}()
	for t := range d.line {
		if d.kitchen.Err() != nil {
			t.finish("", ErrClosed)
			continue
		}
		t.finish(d.cook(d.kitchen, t.order))
	}
}

// Order accepts an order and returns its ticket, or an error without
// accepting it.
func (d *Deli) Order(ctx context.Context, order string) (*Ticket, error) {
	if err := d.refusal(ctx); err != nil {
		return nil, err
	}
	select {
	case d.door <- struct{}{}:
	case <-d.closing:
		return nil, ErrClosed
	}
	defer func() { <-d.door }()
	if err := d.refusal(ctx); err != nil { // select chose the door at random among ready cases
		return nil, err
	}
	t := &Ticket{number: d.number + 1, order: order, ready: make(chan struct{})}
	select {
	case d.line <- t:
		d.number++
		return t, nil
	case <-d.closing:
		return nil, ErrClosed
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// refusal is the error Order returns without waiting: ErrClosed once closing
// has begun, else ctx's error if it has ended, else nil.
func (d *Deli) refusal(ctx context.Context) error {
	select {
	case <-d.closing:
		return ErrClosed
	default:
		return ctx.Err()
	}
}

// Close locks the door, then waits until every accepted order is done and
// every register has left, or until ctx ends; then it gives up on the orders
// and waits for the cooks.
func (d *Deli) Close(ctx context.Context) error {
	d.lock.Do(func() {
		close(d.closing) // every Order, waiting or not, now returns ErrClosed
		d.door <- struct{}{}
		close(d.line) // nobody can send any more: the door stays locked for good
	})
	select {
	case <-d.done: // the closing is over: that wins over an ended ctx
		return nil
	default:
	}
	select {
	case <-d.done:
		return nil
	case <-ctx.Done():
	}
	d.giveUp()
	for t := range d.line { // whatever no register has taken yet
		t.finish("", ErrClosed)
	}
	<-d.done
	return ctx.Err()
}

// Ticket is the receipt for one accepted order.
type Ticket struct {
	number int
	order  string

	ready chan struct{} // closed by finish, after meal and err are set
	meal  string
	err   error
}

// finish records the outcome of the order and calls the ticket.
func (t *Ticket) finish(meal string, err error) {
	t.meal, t.err = meal, err
	close(t.ready)
}

// Number is the ticket's number.
func (t *Ticket) Number() int { return t.number }

// Ready is closed when the order is done: cooked, failed, or abandoned at
// closing.
func (t *Ticket) Ready() <-chan struct{} { return t.ready }

// Collect waits until the order is done or ctx ends.
func (t *Ticket) Collect(ctx context.Context) (string, error) {
	select {
	case <-t.ready: // a done order wins over an ended ctx
		return t.meal, t.err
	default:
	}
	select {
	case <-t.ready:
		return t.meal, t.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}
