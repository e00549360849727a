// Package rail is the order rail above the grill: a rail of fixed length on
// which the counter clips tickets and from which the cooks take them, oldest
// first. When the rail is full the counter waits for a free clip; when it is
// empty the cooks wait for a ticket. At closing time the rail is closed: no new
// tickets go on, the cooks finish the ones still hanging, and everybody still
// waiting is told to go home.
//
// In Go terms, a Rail is a bounded, first-in first-out buffer that is safe for
// use by any number of goroutines at once, with a Close that wakes everyone and
// a context on every call that may wait.
package rail

import (
	"context"
	"errors"
)

// ErrClosed is returned by Put once the rail is closed, and by Get once it is
// closed and empty.
var ErrClosed = errors.New("rail closed")

// Rail holds at most a fixed number of values of type T, first in, first out.
// Use NewRail to make one; its methods are safe for concurrent use.
type Rail[T any] struct {
	// Add your fields here.
}

// NewRail returns an open, empty rail with room for capacity values.
//
// A rail must have room for at least one ticket: NewRail panics if capacity is
// less than 1 (as make panics for a negative size). A rail of capacity 0, where
// every Put would wait for a Get, is not supported.
func NewRail[T any](capacity int) *Rail[T] {
	panic("TODO: make a rail with room for capacity values")
}

// Put clips v on the rail, behind everything already there.
//
//   - If the rail is closed, Put returns ErrClosed and v is not added.
//   - If the rail has room, Put adds v and returns nil at once.
//   - If the rail is full, Put waits until a Get makes room (then adds v and
//     returns nil, at that very instant), until the rail is closed (then it
//     returns ErrClosed and v is not added), or until ctx ends (then it returns
//     ctx.Err() and v is not added), whichever comes first.
//
// While one Put waits, a cancel of another caller's ctx must not end it. If ctx
// has already ended when Put is called and the rail has room, whether v is
// added or ctx.Err() returned is not specified; likewise when the rail is
// closed and ctx has ended, ErrClosed or ctx.Err() may be returned.
func (r *Rail[T]) Put(ctx context.Context, v T) error {
	panic("TODO: add v, waiting while the rail is full")
}

// Get takes the oldest value off the rail and returns it with a nil error.
//
//   - If the rail holds values, Get returns the oldest at once, even after
//     Close: what was put before Close is never lost.
//   - If the rail is empty and closed, Get returns the zero value and
//     ErrClosed, every time it is called.
//   - If the rail is empty and open, Get waits until a Put adds a value (then
//     returns it, at that very instant), until the rail is closed (then it
//     returns ErrClosed), or until ctx ends (then it returns ctx.Err()),
//     whichever comes first.
//
// Each value put is returned by exactly one Get, first in, first out: values
// come out in the order their Puts added them, so the values one goroutine
// puts come out in the order it put them. If ctx has already ended
// when Get is called and the rail holds values, whether the oldest is returned
// or ctx.Err() is not specified.
func (r *Rail[T]) Get(ctx context.Context) (T, error) {
	panic("TODO: take the oldest value, waiting while the rail is empty")
}

// Close closes the rail: from then on Put returns ErrClosed, and Get hands out
// what is left and then returns ErrClosed. Every Put and Get waiting when Close
// is called returns at once: the Puts with ErrClosed (their values are not
// added), the Gets with ErrClosed (they only wait on an empty rail). Close does
// not wait for them to return. Closing a closed rail does nothing.
func (r *Rail[T]) Close() {
	panic("TODO: close the rail and wake everyone waiting on it")
}

// Len returns the number of values on the rail now, between 0 and its
// capacity.
func (r *Rail[T]) Len() int {
	panic("TODO: count the values on the rail")
}
