// Mutant: when Make or Wrap sees ctx end, it first hands over whatever already waits at its input with a plain send, which blocks forever once nobody reads. Caught by: leaks.
// Package pipeline is the deli's sandwich line: one person takes the orders,
// one makes the sandwiches, one wraps them, and each hands its work to the next
// through a channel.
package pipeline

import (
	"context"
	"fmt"
)

// An Order is one customer's order.
type Order struct {
	ID             int
	Bread, Filling string
}

// A Sandwich is an order once it has been made.
type Sandwich struct {
	OrderID int
	Desc    string
}

// A Parcel is a sandwich once it has been wrapped and labelled.
type Parcel struct {
	OrderID int
	Label   string
}

// send hands v to whoever reads out, unless ctx ends first. It reports whether
// v was handed over.
func send[T any](ctx context.Context, out chan<- T, v T) bool {
	select {
	case out <- v:
		return true
	case <-ctx.Done():
		return false
	}
}

// stage runs one station of the line on its own goroutine: it turns every
// value from in into one value on the returned channel, in the same order, and
// closes that channel once in is closed or ctx ends.
func stage[In, Out any](ctx context.Context, in <-chan In, work func(In) Out) <-chan Out {
	out := make(chan Out)
	go func() {
		defer close(out)
		for {
			select {
			case v, ok := <-in:
				if !ok || !send(ctx, out, work(v)) {
					return
				}
			case <-ctx.Done():
				// Closing time: hand over what already waits at the input first.
				for {
					select {
					case v, ok := <-in:
						if !ok {
							return
						}
						out <- work(v)
					default:
						return
					}
				}
			}
		}
	}()
	return out
}

// Take puts the orders on the line one by one, then closes its channel.
func Take(ctx context.Context, orders []Order) <-chan Order {
	out := make(chan Order)
	go func() {
		defer close(out)
		for _, o := range orders {
			if !send(ctx, out, o) {
				return
			}
		}
	}()
	return out
}

// Make turns each order into a sandwich.
func Make(ctx context.Context, in <-chan Order) <-chan Sandwich {
	return stage(ctx, in, func(o Order) Sandwich {
		return Sandwich{OrderID: o.ID, Desc: o.Bread + " with " + o.Filling}
	})
}

// Wrap labels each sandwich.
func Wrap(ctx context.Context, in <-chan Sandwich) <-chan Parcel {
	return stage(ctx, in, func(s Sandwich) Parcel {
		return Parcel{OrderID: s.OrderID, Label: fmt.Sprintf("#%d %s", s.OrderID, s.Desc)}
	})
}
