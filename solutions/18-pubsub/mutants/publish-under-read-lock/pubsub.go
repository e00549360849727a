// Mutant: Publish holds only the read half of an RWMutex (it does not change the subscriber set) and counts misses atomically, so two Publish calls run at once and two subscribers can receive their messages in opposite orders. Caught by: ordering.

// Package pubsub is the deli's order-up board: the kitchen posts every slip to
// each station that follows the board, and never waits for a station whose rail
// is full.
package pubsub

import (
	"sync"
	"sync/atomic"
)

// Broker keeps its subscribers' channels in a set guarded by an RWMutex.
// Publish only reads the set, so it takes the read lock; every other change
// takes the write lock, so no channel is closed while a send is in progress.
type Broker[T any] struct {
	mu      sync.RWMutex
	subs    map[chan T]struct{} // nil once closed
	closed  bool
	dropped atomic.Int64
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
	if b.closed {
		close(ch)
		return ch, func() {}
	}
	b.subs[ch] = struct{}{}
	return ch, func() {
		b.mu.Lock()
		defer b.mu.Unlock()
		if _, ok := b.subs[ch]; ok {
			delete(b.subs, ch)
			close(ch)
		}
	}
}

// Publish offers v to every subscriber; a full one misses it.
func (b *Broker[T]) Publish(v T) {
	b.mu.RLock()
	defer b.mu.RUnlock()
	for ch := range b.subs {
		select {
		case ch <- v:
		default:
			b.dropped.Add(1)
		}
	}
}

// Dropped returns how many messages the subscribers missed, all together.
func (b *Broker[T]) Dropped() int {
	return int(b.dropped.Load())
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
	b.subs = nil
}
