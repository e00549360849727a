// Mutant: CallSoon callbacks are kept on a stack, so the newest runs first (last in, first out). Caught by: ordering.

// Package eventloop is the deli's ticket desk run by a single clerk: one
// goroutine calls out every ticket, one at a time, soonest due first.
package eventloop

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// Loop keeps CallSoon callbacks in a line of their own and timers in a heap.
type Loop struct {
	mu      sync.Mutex
	soon    []callback
	timers  callbacks
	seq     uint64
	stopped bool
	wake    chan struct{}
}

type callback struct {
	due time.Time
	seq uint64
	f   func()
}

func (c callback) before(d callback) bool {
	if !c.due.Equal(d.due) {
		return c.due.Before(d.due)
	}
	return c.seq < d.seq
}

type callbacks []callback

func (q callbacks) Len() int           { return len(q) }
func (q callbacks) Less(i, j int) bool { return q[i].before(q[j]) }
func (q callbacks) Swap(i, j int)      { q[i], q[j] = q[j], q[i] }
func (q *callbacks) Push(x any)        { *q = append(*q, x.(callback)) }
func (q *callbacks) Pop() any {
	old := *q
	c := old[len(old)-1]
	*q = old[:len(old)-1]
	return c
}

// NewLoop returns an empty loop.
func NewLoop() *Loop {
	return &Loop{wake: make(chan struct{}, 1)}
}

// CallSoon schedules f to run as soon as possible.
func (l *Loop) CallSoon(f func()) {
	l.mu.Lock()
	l.seq++
	l.soon = append(l.soon, callback{due: time.Now(), seq: l.seq, f: f})
	l.mu.Unlock()
	l.nudge()
}

// CallLater schedules f to run once d has passed.
func (l *Loop) CallLater(d time.Duration, f func()) {
	if d <= 0 {
		l.CallSoon(f)
		return
	}
	l.mu.Lock()
	l.seq++
	heap.Push(&l.timers, callback{due: time.Now().Add(d), seq: l.seq, f: f})
	l.mu.Unlock()
	l.nudge()
}

// Stop makes Run return nil before it starts another callback.
func (l *Loop) Stop() {
	l.mu.Lock()
	l.stopped = true
	l.mu.Unlock()
	l.nudge()
}

func (l *Loop) nudge() {
	select {
	case l.wake <- struct{}{}:
	default:
	}
}

// Run runs due callbacks until Stop (nil) or until ctx ends (ctx.Err()).
func (l *Loop) Run(ctx context.Context) error {
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		f, wait, done, err := l.next(ctx)
		if done {
			return err
		}
		if f != nil {
			f()
			continue
		}
		var fire <-chan time.Time
		if wait > 0 {
			timer.Reset(wait)
			fire = timer.C
		}
		select {
		case <-l.wake:
		case <-fire:
		case <-ctx.Done():
		}
	}
}

func (l *Loop) next(ctx context.Context) (f func(), wait time.Duration, done bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		l.stopped = false
		return nil, 0, true, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, true, err
	}
	timerDue := len(l.timers) > 0 && !l.timers[0].due.After(time.Now())
	if n := len(l.soon); n > 0 {
		top := l.soon[n-1] // the newest is on top
		if !timerDue || top.before(l.timers[0]) {
			l.soon = l.soon[:n-1]
			return top.f, 0, false, nil
		}
	}
	if timerDue {
		return heap.Pop(&l.timers).(callback).f, 0, false, nil
	}
	if len(l.timers) > 0 {
		return nil, time.Until(l.timers[0].due), false, nil
	}
	return nil, 0, false, nil
}
