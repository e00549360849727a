// Mutant: Get looks for the dish in one critical section and puts its pot on the stove in another, so two customers can both find nothing and both cook. Caught by: correctness.
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

// lookup returns the kept dish, or the pot on the stove, under the lock.
func (k *Kitchen) lookup(dish string) (v string, kept bool, p *pot) {
	k.mu.Lock()
	defer k.mu.Unlock()
	v, kept = k.kept[dish]
	return v, kept, k.cooking[dish]
}

// start puts a new pot for dish on the stove, under the lock.
func (k *Kitchen) start(dish string) *pot {
	k.mu.Lock()
	defer k.mu.Unlock()
	p := &pot{done: make(chan struct{})}
	k.cooking[dish] = p
	return p
}

// Get serves a kept dish, joins the pot on the stove, or cooks the dish.
func (k *Kitchen) Get(dish string) (string, error) {
	v, kept, p := k.lookup(dish)
	if kept {
		return v, nil
	}
	if p != nil {
		<-p.done
		return p.val, p.err
	}
	p = k.start(dish) // someone else may have started it since lookup

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
