// Package ratelimit is the doorman of a busy deli. He lets the first few
// customers straight in, then one every so often, and the people who wait at
// the door go in the order they arrived. Someone who gives up and leaves the
// line does not hold up the people behind.
//
// In Go terms, a Limiter is a token bucket, safe for use by any number of
// goroutines at once: Allow asks for a token without waiting, Wait queues for
// one, first come first served, until it is admitted or its context ends.
package ratelimit

import (
	"context"
	"time"
)

// Limiter is a token bucket. Use NewLimiter to make one; its methods are safe
// for concurrent use.
//
// A Limiter has no Stop: it must not run a goroutine of its own that outlives
// the calls (a ticker loop started by NewLimiter could never end). Let the
// waiting callers and a timer (time.AfterFunc) do the work.
type Limiter struct {
	// Add your fields here.
}

// NewLimiter returns a limiter whose bucket starts full, with burst tokens.
// From then on one token accrues every `every`, counted from the moment the
// bucket was last full: a bucket emptied at time 0 holds one token again at
// exactly `every`, two at 2*every, and so on. The bucket never holds more than
// burst tokens, however long nobody asks for one.
//
// Edge cases:
//   - every <= 0 means no limit at all, whatever burst is: Allow always
//     returns true, and Wait returns nil at once (unless ctx has already
//     ended: then it returns ctx.Err()).
//   - burst <= 0 (with every > 0) means a bucket that holds nothing: nobody is
//     ever admitted. Allow always returns false; Wait returns an error once
//     ctx ends (or earlier, see Wait).
func NewLimiter(every time.Duration, burst int) *Limiter {
	panic("TODO: make a full bucket of burst tokens")
}

// Allow takes a token and returns true if one is there, and returns false
// otherwise. It never waits.
//
// Allow does not jump the queue: while callers of Wait are waiting, every
// token that accrues is theirs, oldest caller first, and Allow returns false.
func (l *Limiter) Allow() bool {
	panic("TODO: take a token if there is one")
}

// Wait takes a token, waiting for it if the bucket is empty, and returns nil
// once the caller is admitted, at the very instant its token accrues.
//
// Waiting callers are admitted first come, first served: tokens go to them in
// the order their calls of Wait began, one token each. A caller that arrives
// while nobody waits and a token is there is admitted at once.
//
// If ctx has already ended, Wait returns ctx.Err() and takes no token. If ctx
// ends while the caller waits, Wait returns ctx.Err() at that instant, takes
// no token, and gives up its place: the callers behind it are admitted at the
// instants they would have been had it never come. Wait may also give up
// early, with a non-nil error, when ctx's deadline falls before the caller's
// turn (it must not return later than the deadline). When ctx ends at the
// very instant the caller is admitted, either outcome is allowed.
func (l *Limiter) Wait(ctx context.Context) error {
	panic("TODO: queue for a token, first come first served")
}
