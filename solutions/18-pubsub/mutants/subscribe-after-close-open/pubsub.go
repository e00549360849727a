// Mutant: Subscribe does not check for Close, so a subscriber who comes after it gets an open channel that keeps receiving and is never closed. Caught by: correctness.

// Package pubsub is the deli's order-up board: the kitchen posts every slip to
// each station that follows the board, and never waits for a station whose rail
// is full.
package pubsub

import "sync"

// Broker keeps its subscribers' channels in a set guarded by one mutex. Every
// send happens with the mutex held and never blocks, so a channel is never
// closed while a send on it is in progress, and Publish calls take effect one
// at a time.
type Broker[T any] struct {
	mu      sync.Mutex
	subs    map[chan T]struct{} // nil once closed
	closed  bool
	dropped int
}

// NewBroker returns an open broker with no subscribers.
func NewBroker[T any]() *Broker[T] {
	return &Broker[T]{subs: make(map[chan T]struct{})}
}

// Subscribe adds a subscriber whose channel has room for buffer messages.
func (b *Broker[T]) Subscribe(buffer int) (<-chan T, func()) {
	ch := make(chan T, buffer)
	b.mu.Lock()
	defer b.mu.Unlock()
	b.subs[ch] = struct{}{}
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, ok := b.subs[ch]; ok { // not yet unsubscribed, nor closed by Close
			delete(b.subs, ch)
			close(ch)
		}
	}
}

// Publish offers v to every subscriber; a full one misses it.
func (b *Broker[T]) Publish(v T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for ch := range b.subs {
		select {
		case ch <- v:
		default:
			b.dropped++
		}
	}
}

// Dropped returns how many messages the subscribers missed, all together.
func (b *Broker[T]) Dropped() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.dropped
}

// Close closes every subscriber's channel; later calls do nothing.
func (b *Broker[T]) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for ch := range b.subs {
		close(ch)
	}
	clear(b.subs)
}
