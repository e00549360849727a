// Package pipeline is the deli's sandwich line. One person takes the orders,
// one makes the sandwiches, one wraps them; each works on their own and hands
// the work to the next through a channel:
//
//	parcels := Wrap(ctx, Make(ctx, Take(ctx, orders)))
//
// Each stage runs on a goroutine of its own, owns the channel it returns (it is
// the only sender, and it closes the channel when it is done), and only reads
// the channel it is given (it never closes that one). A context stops the whole
// line: cancel it, and every stage closes its output and exits, even if nobody
// reads any more.
package pipeline

import "context"

// An Order is one customer's order. IDs need not be sorted or unique.
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

// Take puts the orders on the line. It returns at once a channel on which a
// goroutine of its own sends orders[0], orders[1], ... in that order, and which
// it closes after the last one. For no orders (nil or empty) the channel is
// closed straight away.
//
// If ctx ends first, Take stops sending and closes the channel. It never blocks
// forever: once ctx has ended, its goroutine exits even if nobody reads the
// channel any more. (Whether a reader that keeps reading after ctx ended still
// gets an order or two is not specified; that the channel gets closed is.)
func Take(ctx context.Context, orders []Order) <-chan Order {
	panic("TODO: send the orders on a channel from a goroutine, then close it")
}

// Make is the sandwich maker. It returns at once a channel on which a goroutine
// of its own sends, for every order received from in, one sandwich:
//
//	Sandwich{OrderID: o.ID, Desc: o.Bread + " with " + o.Filling}
//
// Sandwiches come out in the order their orders came in (so an order for "rye"
// with "pastrami" becomes "rye with pastrami").
//
// Make closes its channel once in is closed and the last sandwich has been
// handed over, or as soon as ctx ends, even if in is never closed and nobody
// reads the channel any more: once ctx has ended, its goroutine exits. Make
// never closes in: the stage that sends on a channel is the one that closes it.
func Make(ctx context.Context, in <-chan Order) <-chan Sandwich {
	panic("TODO: turn each order from in into a sandwich on a channel of your own")
}

// Wrap is the wrapper. It returns at once a channel on which a goroutine of its
// own sends, for every sandwich received from in, one parcel:
//
//	Parcel{OrderID: s.OrderID, Label: fmt.Sprintf("#%d %s", s.OrderID, s.Desc)}
//
// (so sandwich 7, "rye with pastrami", gets the label "#7 rye with pastrami").
// Parcels come out in the order their sandwiches came in.
//
// Wrap closes its channel once in is closed and the last parcel has been handed
// over, or as soon as ctx ends, even if in is never closed and nobody reads the
// channel any more: once ctx has ended, its goroutine exits. Wrap never closes
// in.
func Wrap(ctx context.Context, in <-chan Sandwich) <-chan Parcel {
	panic("TODO: turn each sandwich from in into a parcel on a channel of your own")
}
