// Package pubsub is the deli's order-up board. When a plate is ready the
// kitchen posts a slip to every station that follows the board: the waiters,
// the counter screen, the delivery desk. Each station has a rail with a fixed
// number of clips. The kitchen pins the slip on every rail that has a free clip
// and gets back to cooking; a station whose rail is full misses that slip. The
// kitchen never stands and waits for a station to clear its rail.
//
// A Broker is the board, Publish posts a slip, and Subscribe hands a station
// its rail: a channel with room for buffer messages.
//
// Panics in the code that reads the channels, a negative buffer, and a Broker
// not made by NewBroker are outside the contract.
package pubsub

// Broker fans every published message out to all of its subscribers. All of its
// methods, and the unsubscribe functions it returns, are safe for use by any
// number of goroutines at once.
//
// Calls of Publish take effect one at a time, in some order (the publish order;
// for calls from one goroutine, the order of the calls). Every subscriber
// receives its messages in that order, so two subscribers never see two
// messages in opposite orders; a subscriber that was full for some of them
// just misses those.
type Broker[T any] struct {
	// Add your fields here.
}

// NewBroker returns an open broker with no subscribers.
func NewBroker[T any]() *Broker[T] {
	panic("TODO: make an open broker")
}

// Subscribe adds a subscriber and returns the channel it receives on, with room
// for buffer messages, and a function that unsubscribes it.
//
// A subscriber with buffer 0 has no room at all: a message reaches it only if
// it is already waiting in a receive on the channel at the instant of Publish;
// otherwise the message is dropped.
//
// Unsubscribing removes the subscriber, so later messages no longer reach it,
// and closes its channel. Messages already in the channel stay there and can
// still be received; after them the channel reads as closed. The function may
// be called any number of times, also after Close: only the first call (or
// Close, if it came first) does anything.
//
// After Close, Subscribe returns a channel that is already closed and an
// unsubscribe function that does nothing.
func (b *Broker[T]) Subscribe(buffer int) (<-chan T, func()) {
	panic("TODO: add a subscriber with a channel of the given buffer")
}

// Publish offers v to every current subscriber and returns without waiting for
// any of them. A subscriber with room in its channel gets v; a subscriber whose
// channel is full (and who is not waiting in a receive) misses v, and that miss
// is counted by Dropped. Publish never blocks on a subscriber.
//
// After Close, Publish does nothing: nobody receives v and nothing is counted.
func (b *Broker[T]) Publish(v T) {
	panic("TODO: offer v to every subscriber without blocking")
}

// Dropped returns how many messages subscribers have missed so far, all of them
// together: one Publish that finds three subscribers full counts three.
func (b *Broker[T]) Dropped() int {
	panic("TODO: count the missed messages")
}

// Close closes the channel of every subscriber and shuts the board: later
// Publish calls do nothing and later Subscribe calls get a closed channel.
// Messages already in a channel can still be received before it reads as
// closed. Calling Close again does nothing.
//
// The broker starts no work that outlives these calls: once Close has
// returned, or once every subscriber has unsubscribed, nothing of the broker is
// left running.
func (b *Broker[T]) Close() {
	panic("TODO: close every subscriber's channel")
}
