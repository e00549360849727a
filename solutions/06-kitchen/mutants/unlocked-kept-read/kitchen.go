// Mutant: Get reads the map of kept dishes without the lock, as a fast path, while other customers' Gets write to it under the lock. Caught by: race.
package kitchen

import "sync"

// pot is one cooking of one dish, written before done is closed.
type pot struct {
	done chan struct{}
	val  string
	err  error
}

// Kitchen cooks each dish once and keeps the successes.
type Kitchen struct {
	cook func(dish string) (string, error)

	mu      sync.Mutex
	kept    map[string]string
	cooking map[string]*pot
}

// NewKitchen returns an empty kitchen that cooks with cook.
func NewKitchen(cook func(dish string) (string, error)) *Kitchen {
	return &Kitchen{cook: cook, kept: map[string]string{}, cooking: map[string]*pot{}}
}

// Get serves a kept dish, joins the pot on the stove, or cooks the dish.
func (k *Kitchen) Get(dish string) (string, error) {
	if v, ok := k.kept[dish]; ok { // fast path: reading a map looks harmless
		return v, nil
	}
	k.mu.Lock()
	if v, ok := k.kept[dish]; ok {
		k.mu.Unlock()
		return v, nil
	}
	if p, ok := k.cooking[dish]; ok {
		k.mu.Unlock()
		<-p.done
		return p.val, p.err
	}
	p := &pot{done: make(chan struct{})}
	k.cooking[dish] = p
	k.mu.Unlock()

	p.val, p.err = k.cook(dish)

	k.mu.Lock()
	delete(k.cooking, dish)
	if p.err == nil {
		k.kept[dish] = p.val
	}
	k.mu.Unlock()
	close(p.done)
	return p.val, p.err
}
