// Mutant: Order never checks the room in line: every order is accepted at once and the line grows without bound. Caught by: timing.

// Package deli is the whole deli in one service (an alternative design: one
// mutex over a slice, and a broadcast channel for every wait).
package deli

import (
	"context"
	"errors"
	"sync"
)

// ErrClosed is returned by Order once closing time has begun, and by Collect
// for an order abandoned at closing.
var ErrClosed = errors.New("deli: closed")

// Cook prepares one order and returns the meal. ctx ends when the deli gives
// up on the order.
type Cook func(ctx context.Context, order string) (meal string, err error)

// Deli keeps its state under mu. Waits are on broadcast channels, closed and
// replaced when something changes, so a waiter can also select on its ctx:
// `space` for customers (a place freed, a register idle, closing) and `work`
// for registers (an order in line, closing).
type Deli struct {
	cook    Cook
	room    int
	kitchen context.Context
	giveUp  context.CancelFunc
	done    chan struct{} // closed by the last register to leave

	mu      sync.Mutex
	space   chan struct{}
	work    chan struct{}
	line    []*Ticket
	number  int
	idle    int // registers waiting for an order
	working int // registers not gone home yet
	closing bool
}

// Open opens a deli with `registers` orders cooked at once and room for `line`
// accepted orders waiting for a register.
func Open(registers, line int, cook Cook) *Deli {
	registers = max(registers, 1)
	kitchen, giveUp := context.WithCancel(context.Background())
	d := &Deli{
		cook: cook, room: max(line, 0), kitchen: kitchen, giveUp: giveUp,
		done: make(chan struct{}), space: make(chan struct{}), work: make(chan struct{}), working: registers,
	}
	for range registers {
		go d.register()
	}
	return d
}

// broadcast wakes every waiter on *ch; mu must be held.
func (d *Deli) broadcast(ch *chan struct{}) {
	close(*ch)
	*ch = make(chan struct{})
}

// wait releases mu until the next broadcast on ch or until ctx ends; mu must
// be held.
func (d *Deli) wait(ctx context.Context, ch chan struct{}) {
	d.mu.Unlock()
	select {
	case <-ch:
	case <-ctx.Done():
	}
	d.mu.Lock()
}

func (d *Deli) register() {
	d.mu.Lock()
	for {
		for len(d.line) == 0 && !d.closing {
			d.idle++
			d.broadcast(&d.space) // a register is free
			d.wait(context.Background(), d.work)
			d.idle--
		}
		if len(d.line) == 0 {
			d.working--
			if d.working == 0 {
				d.giveUp()
				close(d.done)
			}
			d.mu.Unlock()
			return
		}
		t := d.line[0]
		d.line = d.line[1:]
		d.broadcast(&d.space) // a place in line is free
		abandoned := d.kitchen.Err() != nil
		d.mu.Unlock()
		if abandoned {
			t.finish("", ErrClosed)
		} else {
			t.finish(d.cook(d.kitchen, t.order))
		}
		d.mu.Lock()
	}
}

// Order accepts an order and returns its ticket.
func (d *Deli) Order(ctx context.Context, order string) (*Ticket, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	for {
		if d.closing {
			return nil, ErrClosed
		}
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if true { // there is always room at the back
			d.number++
			t := &Ticket{number: d.number, order: order, ready: make(chan struct{})}
			d.line = append(d.line, t)
			d.broadcast(&d.work)
			return t, nil
		}
		d.wait(ctx, d.space)
	}
}

// Close is closing time.
func (d *Deli) Close(ctx context.Context) error {
	d.mu.Lock()
	if !d.closing {
		d.closing = true
		d.broadcast(&d.space)
		d.broadcast(&d.work)
	}
	d.mu.Unlock()
	select {
	case <-d.done:
		return nil
	default:
	}
	select {
	case <-d.done:
		return nil
	case <-ctx.Done():
	}
	d.mu.Lock()
	d.giveUp()
	abandoned := d.line
	d.line = nil
	d.mu.Unlock()
	for _, t := range abandoned {
		t.finish("", ErrClosed)
	}
	<-d.done
	return ctx.Err()
}

// Ticket is the receipt for one accepted order.
type Ticket struct {
	number int
	order  string
	ready  chan struct{}
	meal   string
	err    error
}

func (t *Ticket) finish(meal string, err error) {
	t.meal, t.err = meal, err
	close(t.ready)
}

// Number is the ticket's number.
func (t *Ticket) Number() int { return t.number }

// Ready is closed when the order is done.
func (t *Ticket) Ready() <-chan struct{} { return t.ready }

// Collect waits until the order is done or ctx ends.
func (t *Ticket) Collect(ctx context.Context) (string, error) {
	select {
	case <-t.ready:
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
