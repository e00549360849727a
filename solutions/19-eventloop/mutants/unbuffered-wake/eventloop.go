// Mutant: the wake-up channel has no buffer and a nudge nobody is receiving at that instant is dropped, so a callback scheduled while Run is on its way back to waiting sits in the queue until something else wakes Run. Caught by: timing.
// Package eventloop is the deli's ticket desk run by a single clerk: one
// goroutine calls out every ticket, one at a time, soonest due first.
package eventloop

import (
	"container/heap"
	"context"
	"sync"
	"time"
)

// Loop runs callbacks one at a time, in order of due time, on the goroutine
// that calls Run. All its fields are guarded by mu; wake nudges a waiting Run.
type Loop struct {
	mu      sync.Mutex
	queue   callbacks // a min-heap: earliest due first, then first scheduled
	seq     uint64    // how many callbacks were scheduled so far
	stopped bool      // Stop was called and no Run has returned for it yet
	wake    chan struct{}
}

type callback struct {
	due time.Time
	seq uint64
	f   func()
}

// callbacks implements heap.Interface. The sequence number keeps callbacks
// with equal due times in the order they were scheduled: a heap alone is not
// stable.
type callbacks []callback

func (q callbacks) Len() int { return len(q) }
func (q callbacks) Less(i, j int) bool {
	if !q[i].due.Equal(q[j].due) {
		return q[i].due.Before(q[j].due)
	}
	return q[i].seq < q[j].seq
}
func (q callbacks) Swap(i, j int) { q[i], q[j] = q[j], q[i] }
func (q *callbacks) Push(x any)   { *q = append(*q, x.(callback)) }
func (q *callbacks) Pop() any {
	old := *q
	c := old[len(old)-1]
	old[len(old)-1] = callback{} // let the closure be collected
	*q = old[:len(old)-1]
	return c
}

// NewLoop returns an empty loop.
func NewLoop() *Loop {
	return &Loop{wake: make(chan struct{})}
}

// CallSoon schedules f to run as soon as possible: it is CallLater(0, f).
func (l *Loop) CallSoon(f func()) { l.CallLater(0, f) }

// CallLater schedules f to run once d has passed, counted from now.
func (l *Loop) CallLater(d time.Duration, f func()) {
	l.mu.Lock()
	l.seq++
	heap.Push(&l.queue, callback{due: time.Now().Add(max(d, 0)), seq: l.seq, f: f})
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

// nudge wakes a Run that waits; if Run is not receiving right now, the
// nudge is dropped.
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

// next decides Run's next step under the lock: return (done, with nil after a
// Stop, which it clears, or with ctx.Err()), run the callback f that is due,
// or wait up to wait for the next one (0: nothing is scheduled).
func (l *Loop) next(ctx context.Context) (f func(), wait time.Duration, done bool, err error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.stopped {
		l.stopped = false // one Stop ends one Run
		return nil, 0, true, nil
	}
	if err := ctx.Err(); err != nil {
		return nil, 0, true, err
	}
	if len(l.queue) == 0 {
		return nil, 0, false, nil
	}
	if wait := time.Until(l.queue[0].due); wait > 0 {
		return nil, wait, false, nil
	}
	return heap.Pop(&l.queue).(callback).f, 0, false, nil
}
