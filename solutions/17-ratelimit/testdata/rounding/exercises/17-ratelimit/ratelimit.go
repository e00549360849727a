// A correct limiter, kept as a test fixture and not a mutant: it counts tokens
// in float64, so it admits some waiters a nanosecond off the exact instant
// (2.999999999s for the token of 3s). The suite must grade it in full. Check:
//
//	go run ./grader batch --katas 17 --journal /tmp/rounding.journal solutions/17-ratelimit/testdata/rounding
//
// It lives under testdata/ so that go build, vet and the grader's verify leave it alone.

// Package ratelimit is the doorman of a busy deli: a token bucket that lets a
// few customers straight in, then one every so often, in the order they came.
package ratelimit

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Limiter counts tokens in float64: a rate in tokens per second, a clock in
// float seconds since the limiter was made, and a duration from tokens by
// tokens/rate seconds, truncated to whole nanoseconds. Sums of floats such as
// 2.7-1 are off in their last bits, so a waiter can be admitted a nanosecond
// before (or after) the instant its token accrues.
type Limiter struct {
	every time.Duration
	burst int
	rate  float64

	mu     sync.Mutex
	tokens float64
	start  time.Time
	last   time.Time
	lastS  float64 // last, in seconds since start
	queue  []*waiter
	due    time.Time // when the head of the queue gets its token
	timer  *time.Timer
}

type waiter struct{ ready chan struct{} }

func NewLimiter(every time.Duration, burst int) *Limiter {
	l := &Limiter{every: every, burst: burst, tokens: float64(max(burst, 0))}
	l.start = time.Now()
	l.last = l.start
	if every > 0 {
		l.rate = 1 / every.Seconds()
	}
	return l
}

func (l *Limiter) advance(now time.Time) {
	if now.After(l.last) {
		nowS := now.Sub(l.start).Seconds()
		l.tokens = min(float64(l.burst), l.tokens+(nowS-l.lastS)*l.rate)
		l.last, l.lastS = now, nowS
	}
}

func (l *Limiter) Allow() bool {
	if l.every <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	l.advance(time.Now())
	if len(l.queue) > 0 || l.tokens < 1 {
		return false
	}
	l.tokens--
	return true
}

func (l *Limiter) Wait(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if l.every <= 0 {
		return nil
	}
	if l.burst <= 0 {
		<-ctx.Done()
		return ctx.Err()
	}
	l.mu.Lock()
	l.advance(time.Now())
	if len(l.queue) == 0 && l.tokens >= 1 {
		l.tokens--
		l.mu.Unlock()
		return nil
	}
	w := &waiter{ready: make(chan struct{})}
	l.queue = append(l.queue, w)
	if len(l.queue) == 1 {
		l.arm()
	}
	l.mu.Unlock()

	select {
	case <-w.ready:
		return nil
	case <-ctx.Done():
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	i := slices.Index(l.queue, w)
	if i < 0 {
		return nil
	}
	l.queue = slices.Delete(l.queue, i, i+1)
	if i == 0 {
		l.arm()
	}
	return ctx.Err()
}

// arm computes when the head of the queue gets its token, from the float
// count, and sets the timer for then. It must be called with l.mu held.
func (l *Limiter) arm() {
	if len(l.queue) == 0 {
		if l.timer != nil {
			l.timer.Stop()
		}
		return
	}
	l.due = l.last.Add(time.Duration((1 - l.tokens) / l.rate * float64(time.Second)))
	d := time.Until(l.due)
	if l.timer == nil {
		l.timer = time.AfterFunc(d, l.tick)
		return
	}
	l.timer.Reset(d)
}

// tick admits the head of the queue at its due instant: its token is taken
// then, whatever fraction the float count shows.
func (l *Limiter) tick() {
	l.mu.Lock()
	defer l.mu.Unlock()
	if len(l.queue) == 0 {
		return
	}
	now := time.Now()
	if now.Before(l.due) {
		l.arm()
		return
	}
	l.advance(now)
	l.tokens--
	close(l.queue[0].ready)
	l.queue = slices.Delete(l.queue, 0, 1)
	for len(l.queue) > 0 && l.tokens >= 1 {
		l.tokens--
		close(l.queue[0].ready)
		l.queue = slices.Delete(l.queue, 0, 1)
	}
	l.arm()
}
