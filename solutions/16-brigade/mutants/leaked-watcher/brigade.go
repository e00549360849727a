// Mutant: WithContext starts a goroutine that waits for the first failure to cancel the context; when no task fails it waits forever. Caught by: leaks.

// Package brigade is the deli's kitchen brigade: the head chef hands out tasks,
// waits for every cook, hears the first thing that went wrong and calls "stop!".
package brigade

import (
	"context"
	"sync"
)

type Group struct {
	wg      sync.WaitGroup
	cancel  context.CancelFunc
	slots   chan struct{}
	failed  chan struct{} // closed at the first error
	errOnce sync.Once
	err     error
}

func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	g := &Group{cancel: cancel, failed: make(chan struct{})}
	go func() {
		<-g.failed // only an error ever closes it
		cancel()
	}()
	return g, ctx
}

func (g *Group) Go(f func() error) {
	if g.slots != nil {
		g.slots <- struct{}{}
	}
	g.wg.Add(1)
	go func() {
		defer g.done()
		if err := f(); err != nil {
			g.errOnce.Do(func() {
				g.err = err
				if g.failed != nil {
					close(g.failed)
				}
			})
		}
	}()
}

func (g *Group) done() {
	if g.slots != nil {
		<-g.slots
	}
	g.wg.Done()
}

func (g *Group) SetLimit(n int) {
	if n < 0 {
		g.slots = nil
		return
	}
	g.slots = make(chan struct{}, n)
}

func (g *Group) Wait() error {
	g.wg.Wait()
	if g.cancel != nil {
		g.cancel()
	}
	return g.err
}
