// Package hedge is the deli's way with a slow supplier: phone every bakery at
// once, buy from the first one that has rye, and tell the others never mind.
//
// In Go terms: start every replica of a request together, keep the first
// successful answer, and cancel the rest. Panics in a replica, nil replicas and
// a nil ctx are outside the contract.
package hedge

import (
	"context"
	"time"
)

// FirstOf calls every replica at once and returns the first success. The others' contexts are
// cancelled. If all fail it returns their errors joined; past timeout it returns context.DeadlineExceeded.
//
// In detail:
//   - Every replica is called on its own goroutine, all of them straight away:
//     none waits for another to fail before it starts.
//   - A replica succeeds when it returns a nil error. FirstOf returns the value
//     of the first replica to succeed, at the moment it succeeds, even if other
//     replicas failed before it. While time is left, a failure is never
//     returned as long as another replica may still succeed.
//   - If every replica fails, FirstOf returns "" and errors.Join of all their
//     errors (in any order), as soon as the last one has failed: errors.Is
//     finds each of them in the result.
//   - The timeout counts from the call. If it runs out before any replica has
//     succeeded, FirstOf returns "" and context.DeadlineExceeded at that
//     moment; if ctx ends first, it returns "" and ctx.Err() at that moment. A
//     timeout <= 0, or a ctx that has already ended, leaves no time at all:
//     FirstOf returns at once (whether it calls the replicas first is not
//     specified). In these cases the error may also come joined with the
//     failures of replicas that stopped for the same reason, so test it with
//     errors.Is(err, context.DeadlineExceeded) or errors.Is(err, context.Canceled).
//   - With no replicas it returns "" and a non-nil error at once.
//   - Each replica gets a context derived from ctx whose deadline is the
//     timeout (or ctx's own deadline, if that comes sooner), and which is
//     cancelled as soon as FirstOf returns. FirstOf does not wait for the
//     losers to return: a replica that watches its context stops then, and one
//     that ignores it can still hand in its answer whenever it finishes,
//     without ever blocking. Nothing FirstOf started outlives the replicas.
//   - When two things happen at the same instant (two replicas answer together,
//     or a success comes exactly as the time runs out), which one wins is not
//     specified.
func FirstOf(ctx context.Context, timeout time.Duration, replicas ...func(context.Context) (string, error)) (string, error) {
	panic("TODO: call every replica at once, return the first success, cancel the rest")
}
