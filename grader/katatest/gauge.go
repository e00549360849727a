package katatest

import "sync/atomic"

// A Gauge counts calls in flight and remembers the highest count it saw.
// The zero value is ready to use; a Gauge is safe for concurrent use.
type Gauge struct {
	current atomic.Int64
	max     atomic.Int64
	total   atomic.Int64
}

// Enter records the start of a call.
func (g *Gauge) Enter() {
	n := g.current.Add(1)
	g.total.Add(1)
	for {
		m := g.max.Load()
		if n <= m || g.max.CompareAndSwap(m, n) {
			return
		}
	}
}

// Exit records the end of a call started with Enter.
func (g *Gauge) Exit() { g.current.Add(-1) }

// Current is the number of calls in flight now.
func (g *Gauge) Current() int { return int(g.current.Load()) }

// Max is the highest number of calls that were in flight at once.
func (g *Gauge) Max() int { return int(g.max.Load()) }

// Total is the number of calls started so far.
func (g *Gauge) Total() int { return int(g.total.Load()) }

// Track wraps f so that every call of the result is counted by g.
func Track[T, R any](g *Gauge, f func(T) R) func(T) R {
	return func(v T) R {
		g.Enter()
		defer g.Exit()
		return f(v)
	}
}
