// Mutant: a caller whose ctx ends returns ctx.Err() but stays in the queue, so a token is later spent on it and everyone behind is admitted one interval late. Caught by: timing.
// Package ratelimit is the doorman of a busy deli: a token bucket that lets a
// few customers straight in, then one every so often, in the order they came.
package ratelimit

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Limiter is a token bucket with a first-come, first-served queue of waiters.
// One mutex guards everything. Tokens are counted in whole units: last is the
// instant from which the next token is counted. While anyone waits the bucket
// stays empty: each token goes to the head of the queue the instant it
// accrues, handed over by a timer, so Allow never jumps the queue.
type Limiter struct {
	every time.Duration
	burst int

	mu     sync.Mutex
	tokens int
	last   time.Time
	queue  []*waiter
	timer  *time.Timer // fires when the next token accrues, while the queue is not empty
}

// waiter is one caller of Wait in the queue; ready is closed when it is admitted.
type waiter struct {
	ready chan struct{}
}

// NewLimiter returns a full bucket of burst tokens that gains one token every
// `every`, holding at most burst. every <= 0 means no limit; burst <= 0 (with
// every > 0) means nobody is ever admitted.
func NewLimiter(every time.Duration, burst int) *Limiter {
	return &Limiter{every: every, burst: burst, tokens: max(burst, 0), last: time.Now()}
}

// Allow takes a token if one is there and nobody is queued for it.
func (l *Limiter) Allow() bool {
	if l.every <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.settle(time.Now())
	if l.tokens == 0 {
		return false
	}
	l.tokens--
	return true
}

// Wait takes a token, queueing behind earlier callers until one accrues for
// it. If ctx ends first it leaves the queue, takes nothing, and returns ctx.Err().
func (l *Limiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.every <= 0 {
		return nil
	}
	if l.burst <= 0 {
		<-ctx.Done() // no token will ever come
		return ctx.Err()
	}

	l.mu.Lock()
	l.settle(time.Now())
	if l.tokens > 0 { // settle leaves tokens only when nobody queues
		l.tokens--
		l.mu.Unlock()
		return nil
	}
	w := &waiter{ready: make(chan struct{})}
	l.queue = append(l.queue, w)
	l.arm()
	l.mu.Unlock()

	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
	}
	return ctx.Err()
}

// settle adds the tokens accrued up to now, at most burst, and hands them to
// the queue, oldest waiter first. It must be called with l.mu held.
func (l *Limiter) settle(now time.Time) {
	if l.tokens >= l.burst {
		l.last = now // a full bucket saves nothing more
	} else if n := int(now.Sub(l.last) / l.every); n > 0 {
		l.tokens += n
		l.last = l.last.Add(time.Duration(n) * l.every)
		if l.tokens >= l.burst {
			l.tokens, l.last = l.burst, now
		}
	}
	for l.tokens > 0 && len(l.queue) > 0 {
		close(l.queue[0].ready)
		l.queue = slices.Delete(l.queue, 0, 1)
		l.tokens--
	}
}

// arm sets the timer for the next token while anyone waits, and stops it
// otherwise. It must be called with l.mu held, after settle.
func (l *Limiter) arm() {
	if len(l.queue) == 0 {
		if l.timer != nil {
			l.timer.Stop()
		}
		return
	}
	d := time.Until(l.last.Add(l.every))
	if l.timer == nil {
		l.timer = time.AfterFunc(d, l.tick)
		return
	}
	l.timer.Reset(d)
}

// tick runs when a token accrues while callers wait.
func (l *Limiter) tick() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.settle(time.Now())
	l.arm()
}
