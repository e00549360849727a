// Mutant: a failing task checks and stores the first error without any synchronisation. Caught by: race.

// Package brigade is the deli's kitchen brigade: the head chef hands out tasks,
// waits for every cook, hears the first thing that went wrong and calls "stop!".
package brigade

import (
	"context"
	"sync"
)

type Group struct {
	wg     sync.WaitGroup
	cancel context.CancelFunc
	slots  chan struct{}
	err    error
}

func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	return &Group{cancel: cancel}, ctx
}

func (g *Group) Go(f func() error) {
	if g.slots != nil {
		g.slots <- struct{}{}
	}
	g.wg.Add(1)
	go func() {
		defer g.done()
		if err := f(); err != nil && g.err == nil { // two tasks may fail at once
			g.err = err
			if g.cancel != nil {
				g.cancel()
			}
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
