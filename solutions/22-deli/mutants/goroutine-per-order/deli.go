// Mutant: Order starts a goroutine per order and cooks it at once: no registers, no line, no limit, no first-come-first-served. Caught by: ordering, timing.

// Package deli is the whole deli in one service.
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

// Deli cooks every order in a goroutine of its own, started by Order.
type Deli struct {
	cook    Cook
	kitchen context.Context
	giveUp  context.CancelFunc
	cooking sync.WaitGroup
	done    chan struct{}
	once    sync.Once

	mu      sync.Mutex
	number  int
	closing bool
}

// Open opens a deli.
func Open(registers, line int, cook Cook) *Deli {
	kitchen, giveUp := context.WithCancel(context.Background())
	return &Deli{cook: cook, kitchen: kitchen, giveUp: giveUp, done: make(chan struct{})}
}

// Order accepts an order and starts cooking it at once.
func (d *Deli) Order(ctx context.Context, order string) (*Ticket, error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.closing {
		return nil, ErrClosed
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	d.number++
	t := &Ticket{number: d.number, ready: make(chan struct{})}
	d.cooking.Add(1)
	go func() {
		defer d.cooking.Done()
		t.finish(d.cook(d.kitchen, order))
	}()
	return t, nil
}

// Close is closing time.
func (d *Deli) Close(ctx context.Context) error {
	d.mu.Lock()
	d.closing = true
	d.mu.Unlock()
	d.once.Do(func() {
		go func() { d.cooking.Wait(); d.giveUp(); close(d.done) }()
	})
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
	d.giveUp()
	<-d.done
	return ctx.Err()
}

// Ticket is the receipt for one accepted order.
type Ticket struct {
	number int
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
