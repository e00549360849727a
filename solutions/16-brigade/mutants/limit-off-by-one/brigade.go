// Mutant: Go counts running tasks under a sync.Cond and waits only while more than n run, so n+1 tasks run at once. Caught by: correctness, timing.

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
	mu      sync.Mutex
	cond    *sync.Cond
	limit   int // < 0: no limit
	running int
	errOnce sync.Once
	err     error
}

func WithContext(ctx context.Context) (*Group, context.Context) {
	ctx, cancel := context.WithCancel(ctx)
	g := &Group{cancel: cancel, limit: -1}
	return g, ctx
}

func (g *Group) Go(f func() error) {
	g.mu.Lock()
	if g.cond == nil {
		g.cond = sync.NewCond(&g.mu)
	}
	for g.limit >= 0 && g.running > g.limit { // should be >=
		g.cond.Wait()
	}
	g.running++
	g.mu.Unlock()
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

func (g *Group) done() {
	g.mu.Lock()
	g.running--
	g.cond.Signal()
	g.mu.Unlock()
	g.wg.Done()
}

func (g *Group) SetLimit(n int) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.limit = n
}

func (g *Group) Wait() error {
	g.wg.Wait()
	if g.cancel != nil {
		g.cancel()
	}
	return g.err
}
