// Package eventloop is the deli's ticket desk with a single clerk. Orders turn
// into tickets; each ticket says when it is due; one clerk calls the tickets
// out one at a time, soonest due first, and never two at once.
//
// A Loop is that clerk. CallSoon and CallLater hand it tickets (callbacks);
// Run is the clerk at work, on the goroutine that calls it; Stop sends the
// clerk home.
//
// The order rule. Every callback has a due time: the moment it was scheduled
// plus its delay (CallSoon has no delay, so CallSoon(f) is CallLater(0, f)).
// Whenever Run is free, it runs, among the callbacks that are due, the one
// with the earliest due time; callbacks with equal due times run in the order
// they were scheduled. So CallSoon callbacks run first in, first out, timers
// run by due time, and a timer that fell due while a slow callback was running
// goes before a CallSoon made after its due time.
//
// Panics are outside the contract: a panic in a callback is not recovered.
// Nil callbacks are outside the contract too.
package eventloop

import (
	"context"
	"time"
)

// Loop is an event loop. The zero value is not ready to use: call NewLoop.
//
// CallSoon, CallLater and Stop are safe to call from any goroutine, including
// from inside a callback. Run must not be called by two goroutines at once.
// Callbacks never overlap: they run one at a time, on Run's goroutine, so the
// data that only callbacks touch needs no lock.
type Loop struct {
	// Add your fields here.
}

// NewLoop returns a loop with nothing scheduled and no Run going.
func NewLoop() *Loop {
	panic("TODO: make an empty loop")
}

// CallSoon schedules f to run as soon as possible, after the callbacks that
// are already due. CallSoon callbacks run in the order they were scheduled.
// It never blocks and never runs f itself.
func (l *Loop) CallSoon(f func()) {
	panic("TODO: schedule f to run as soon as possible")
}

// CallLater schedules f to run once d has passed, counted from this call (not
// from the moment Run starts). A d of zero or less is the same as CallSoon.
// f runs at its due time exactly if the loop is free then, and never before;
// if another callback is still running then, f runs as soon as the loop is
// free again, in the order given by the package's order rule. Callbacks with
// equal due times run in the order they were scheduled. It never blocks.
func (l *Loop) CallLater(d time.Duration, f func()) {
	panic("TODO: schedule f to run once d has passed")
}

// Run runs the callbacks, one at a time and each when it is due, on the
// goroutine that called it. While nothing is due, it waits without using the
// CPU (no polling) until the next due time, a new callback, Stop, or the end
// of ctx.
//
// Run returns nil after Stop, and ctx.Err() once ctx has ended. It never
// interrupts a callback: it returns after the running callback (if any) has
// returned, and it starts no callback once it has seen Stop or the end of
// ctx. In particular a Stop, or a cancel, made inside a callback is seen as
// soon as that callback returns. If ctx has already ended when Run is called,
// Run returns ctx.Err() at once without running anything. If both Stop and
// the end of ctx have happened, Run may report either.
//
// Callbacks still scheduled when Run returns are neither run nor dropped: they
// stay scheduled, with their due times, and a later Run runs them (a timer
// that fell due in the meantime runs at once). When Run returns, nothing of
// the loop keeps running: no goroutine is left waiting for a timer.
func (l *Loop) Run(ctx context.Context) error {
	panic("TODO: run the callbacks until Stop or ctx ends")
}

// Stop asks Run to return nil: it finishes the callback it is running, if
// any, and then returns without starting another one. Stop returns at once.
//
// One Stop ends one Run. A Stop that no Run has seen yet (one made while no
// Run is going, say) is kept for the next Run, which then returns nil at once
// without running anything. Several Stops made before a Run sees them count
// as one.
func (l *Loop) Stop() {
	panic("TODO: make Run return")
}
