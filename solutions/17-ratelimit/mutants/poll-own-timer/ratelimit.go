// Mutant: there is no queue: each caller of Wait tries Allow and, on a miss, sleeps one interval on its own timer before trying again, so a newcomer can grab a token while earlier callers sleep, and tokens sit unused until someone wakes. Caught by: ordering, timing.
package ratelimit

import (
	"context"
	"sync"
	"time"
)

type Limiter struct {
	every time.Duration
	burst int

	mu     sync.Mutex
	tokens int
	last   time.Time
}

func NewLimiter(every time.Duration, burst int) *Limiter {
	return &Limiter{every: every, burst: burst, tokens: max(burst, 0), last: time.Now()}
}

func (l *Limiter) Allow() bool {
	if l.every <= 0 {
		return true
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	now := time.Now()
	if l.tokens >= l.burst {
		l.last = now
	} else if n := int(now.Sub(l.last) / l.every); n > 0 {
		l.tokens += n
		l.last = l.last.Add(time.Duration(n) * l.every)
		if l.tokens >= l.burst {
			l.tokens, l.last = l.burst, now
		}
	}
	if l.tokens <= 0 {
		return false
	}
	l.tokens--
	return true
}

func (l *Limiter) Wait(ctx context.Context) error {
	for {
		if err := ctx.Err(); err != nil {
			return err
		}
		if l.Allow() {
			return nil
		}
		select {
		case <-time.After(l.every):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}
