// Package brigade is the deli's kitchen brigade: a head chef hands out tasks to
// cooks, waits until every one is done, and hears about the first thing that
// went wrong. When a dish is ruined, the chef calls "stop!" and the other cooks
// put down what they were making.
//
// In Go terms, a Group runs functions on goroutines, waits for all of them,
// returns the first error and cancels a shared context at that error. It is
// the same idea as golang.org/x/sync/errgroup, which this kata asks you to
// build yourself. Panics in a task, nil functions and a nil ctx are outside the
// contract.
package brigade

import "context"

// Group is a brigade of tasks that run on their own goroutines. Go and Wait
// are safe to call from several goroutines at once; SetLimit is not (see
// below). Call Go before Wait, or from a task of the group while Wait waits;
// using a group again after its Wait has returned is outside the contract.
//
// The zero value is ready to use: it has no limit and no context to cancel,
// and its Wait still returns the first error.
type Group struct {
	// Add your fields here.
}

// WithContext returns a new Group and a context derived from ctx. The derived
// context is cancelled at the first error a task returns, or when Wait returns,
// whichever comes first (or, as any derived context, when ctx itself ends).
func WithContext(ctx context.Context) (*Group, context.Context) {
	panic("TODO: derive a cancellable context and return a group that cancels it")
}

// Go calls f on a new goroutine.
//
// If a limit is set and that many tasks are running, Go blocks until one of
// them returns, and only then starts f and returns. The first non-nil error a
// task returns is kept for Wait and cancels the group's context. Go still runs
// the tasks it is given after an error: it is up to each task to watch the
// context and give up early.
func (g *Group) Go(f func() error) {
	panic("TODO: run f on a goroutine, counting it, and keep its error if it is the first")
}

// SetLimit limits the group to at most n tasks running at once: with n tasks
// running, Go blocks until one of them returns. A negative n removes the
// limit; with n == 0 no task can ever start. Call it before any Go: changing
// the limit while tasks run is outside the contract.
func (g *Group) SetLimit(n int) {
	panic("TODO: remember how many tasks may run at once")
}

// Wait blocks until every task started with Go has returned, then cancels the
// group's context and returns the first error a task returned (the first in
// time, not the first started), or nil if none failed. With no tasks it
// returns nil at once. Among errors returned at the same instant, which one
// counts as first is not specified.
func (g *Group) Wait() error {
	panic("TODO: wait for every task, cancel the context, return the first error")
}
