package p

import "sync"

type store struct {
	mu   sync.Mutex
	rw   sync.RWMutex
	data map[string]int
}

func (s *store) get(k string) int {
	s.rw.RLock()
	defer s.rw.RUnlock()
	return s.data[k]
}

func (s *store) put(k string, v int) {
	s.mu.Lock()
	if v < 0 {
		s.mu.Unlock()
		return
	}
	s.data[k] = v
	s.mu.Unlock()
	s.mu.Lock() // locked again: a pair of its own
	s.data["puts"]++
	s.mu.Unlock()
}

func both(a, b *store) (unlock func()) {
	a.mu.Lock()
	b.mu.Lock()
	return func() {
		b.mu.Unlock()
		a.mu.Unlock()
	}
}

func oneAfterTheOther(a, b *store) {
	a.mu.Lock()
	a.mu.Unlock()
	b.mu.Lock() // a is free again: not nested
	b.mu.Unlock()
}

func methodValue(s *store) (unlock func()) {
	s.mu.Lock()
	return s.mu.Unlock // not a call: there is no pair to drop
}

type fake struct{}

func (fake) Lock()   {}
func (fake) Unlock() {}

func notAMutex(f fake) {
	f.Lock()
	f.Unlock()
}
