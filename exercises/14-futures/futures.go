// Package futures is the deli's ticket queue. Every order gets a ticket at once,
// the kitchen works on all of them together, and a ticket is called as soon as
// its food is ready, not in the order the tickets were handed out.
//
// A Future is such a ticket. Async hands one out and starts the cooking; Await
// waits for one ticket, Gather for a whole group, and AsCompleted calls the
// tickets of a group one by one as their food comes out.
//
// Panics are outside the contract: if the function given to Async panics, the
// panic is not recovered and ends the program, as it would in any goroutine.
// Nil contexts, nil functions and nil futures are outside the contract too.
package futures

import "context"

// Future is a ticket for a value of type T that a function computes in the
// background. Its methods are safe for use by any number of goroutines at once.
//
// Every caller of Await gets the very same value and error; if T holds
// references (a slice, a map, a pointer), they all share what it points to.
type Future[T any] struct {
	// Add your fields here.
}

// Async starts f straight away in a goroutine of its own and returns its
// future. f runs exactly once, whether or not anyone ever awaits the result.
func Async[T any](f func() (T, error)) *Future[T] {
	panic("TODO: start f in its own goroutine and return its future")
}

// Await waits until f has returned, then returns its value and error. Any
// number of goroutines may call it, any number of times: they all get the same
// value and error.
//
// If ctx ends before f returns, Await returns the zero value and ctx.Err() at
// that moment. The future is not cancelled: f keeps running, and the future can
// be awaited again later.
//
// A result that is ready wins: if the future has already completed when Await
// is called, Await returns its result even if ctx has ended too.
func (f *Future[T]) Await(ctx context.Context) (T, error) {
	panic("TODO: wait for the result or for ctx to end")
}

// Done returns a channel that is closed once the function given to Async has
// returned and its result is stored; from then on Await returns at once. Every
// call returns the same channel. If the function never returns, the channel is
// never closed.
func (f *Future[T]) Done() <-chan struct{} {
	panic("TODO: return the channel closed on completion")
}

// AsCompleted returns at once a channel on which it sends each of fs as it
// completes, in completion order, and which it closes after the last one. Each
// argument is sent once: a future passed twice is sent twice. With no futures,
// the channel is closed straight away.
//
// Futures that complete at the same instant, or that had already completed when
// AsCompleted was called, are sent in an unspecified order among themselves.
//
// If ctx ends first, AsCompleted stops early: the futures it has not sent yet
// are never sent, and the channel is closed. It never blocks forever on a send:
// once ctx has ended, all of its goroutines exit, even if the caller has stopped
// reading. (A future that completes at the very instant ctx ends may or may not
// be sent.) A caller that stops reading before the channel is closed must end
// ctx, or AsCompleted's goroutines wait for it. To tell a complete run from one
// cut short, count the futures received or check ctx.Err() afterwards.
func AsCompleted[T any](ctx context.Context, fs ...*Future[T]) <-chan *Future[T] {
	panic("TODO: send each future as it completes, then close the channel")
}

// Gather waits for fs and returns their values in input order: out[i] is the
// value of fs[i]. With no futures it returns an empty, non-nil slice and nil.
//
// As soon as one of the futures fails, Gather returns nil and that future's
// error, without waiting for the others. If several fail, the error that
// happened first wins; among failures at the same instant, or failures that had
// already happened when Gather was called, which one wins is unspecified.
//
// If ctx ends before every future has succeeded and before any has failed,
// Gather returns nil and ctx.Err() at that moment. (If ctx ends at the very
// instant a future completes, or had ended before Gather was called, either
// outcome may be returned.)
//
// Gather never cancels the futures: those still running when it returns keep
// running. None of Gather's own goroutines outlives them: once they have all
// completed, nothing Gather started is left running.
func Gather[T any](ctx context.Context, fs ...*Future[T]) ([]T, error) {
	panic("TODO: wait for all the futures, or for the first error, or for ctx")
}
