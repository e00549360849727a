// Mutant: SetLimit(0) removes the limit, as a negative n does, so Go starts every task at once instead of never. Caught by: correctness.
// Package brigade is the deli's kitchen brigade: the head chef hands out tasks,
// waits for every cook, hears the first thing that went wrong and calls "stop!".
package brigade

import (
	"context"
	"sync"
)

// Group runs tasks on goroutines, waits for them and keeps the first error.
// The zero value has no limit and no context to cancel.
type Group struct {
	wg     sync.WaitGroup
	cancel context.CancelFunc // nil for the zero value
	slots  chan struct{}      // one token per running task; nil: no limit

	errOnce sync.Once
	err     error
}

// WithContext returns a Group whose context ends at the first error or when
// Wait returns.
func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{cancel: cancel}, ctx
}

// Go runs f on a new goroutine, once a slot is free if a limit is set.
func (g *Group) Go(f func() error) {
	if g.slots != nil {
		g.slots <- struct{}{} // blocks while the limit's worth of tasks run
	}
	g.wg.Add(1)
	go func() {
		defer g.done()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				if g.cancel != nil {
					g.cancel()
				}
			})
		}
	}()
}

// done frees the task's slot and tells Wait it has finished.
func (g *Group) done() {
	if g.slots != nil {
		<-g.slots
	}
	g.wg.Done()
}

// SetLimit lets at most n tasks run at once; n < 0 removes the limit.
func (g *Group) SetLimit(n int) {
	if n <= 0 { // 0 taken for "no limit set"
		g.slots = nil
		return
	}
	g.slots = make(chan struct{}, n)
}

// Wait waits for every task, cancels the context and returns the first error.
func (g *Group) Wait() error {
	g.wg.Wait()
	if g.cancel != nil {
		g.cancel()
	}
	return g.err
}
