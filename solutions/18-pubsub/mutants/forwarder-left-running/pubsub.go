// Mutant: each subscriber gets a forwarding goroutine that moves messages from an inbox to its channel; unsubscribe and Close only close the inbox, so the forwarder of a subscriber who stopped reading stays blocked on its send forever. Caught by: leaks, correctness.

// Package pubsub is the deli's order-up board: the kitchen posts every slip to
// each station that follows the board, and never waits for a station whose rail
// is full.
package pubsub

import "sync"

// subscriber is one station: Publish drops messages into inbox, and a
// goroutine of its own forwards them to out, the channel the station reads.
type subscriber[T any] struct {
	inbox chan T
	out   chan T
}

// Broker keeps its subscribers in a set guarded by one mutex.
type Broker[T any] struct {
	mu      sync.Mutex
	subs    map[*subscriber[T]]struct{} // nil once closed
	closed  bool
	dropped int
}

// NewBroker returns an open broker with no subscribers.
func NewBroker[T any]() *Broker[T] {
	return &Broker[T]{subs: make(map[*subscriber[T]]struct{})}
}

// Subscribe adds a subscriber whose inbox has room for buffer messages.
func (b *Broker[T]) Subscribe(buffer int) (<-chan T, func()) {
	s := &subscriber[T]{inbox: make(chan T, buffer), out: make(chan T)}
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		close(s.out)
		return s.out, func() {}
	}
	b.subs[s] = struct{}{}
	go func() {
		for v := range s.inbox {
			s.out <- v // waits until the station reads it
		}
		close(s.out)
	}()
	return s.out, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, ok := b.subs[s]; ok {
			delete(b.subs, s)
			close(s.inbox) // the forwarder stops once it has handed everything over
		}
	}
}

// Publish drops v into every subscriber's inbox; a full one misses it.
func (b *Broker[T]) Publish(v T) {
	b.mu.Lock()
	defer b.mu.Unlock()
	for s := range b.subs {
		select {
		case s.inbox <- v:
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

// Close closes every subscriber's inbox; later calls do nothing.
func (b *Broker[T]) Close() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed {
		return
	}
	b.closed = true
	for s := range b.subs {
		close(s.inbox)
	}
	b.subs = nil
}
