// Mutant: every pot stays in the map once cooked, failures included, so an error is served again and again and the dish is never cooked afresh. Caught by: correctness, timing.
package kitchen

import "sync"

// pot is one cooking of one dish, written before done is closed.
type pot struct {
	done chan struct{}
	val  string
	err  error
}

// Kitchen cooks each dish once and remembers the outcome.
type Kitchen struct {
	cook func(dish string) (string, error)

	mu   sync.Mutex
	pots map[string]*pot // on the stove, or cooked: the map is the cache too
}

// NewKitchen returns an empty kitchen that cooks with cook.
func NewKitchen(cook func(dish string) (string, error)) *Kitchen {
	return &Kitchen{cook: cook, pots: map[string]*pot{}}
}

// Get joins the dish's pot if there is one, or cooks the dish.
func (k *Kitchen) Get(dish string) (string, error) {
	k.mu.Lock()
	if p, ok := k.pots[dish]; ok {
		k.mu.Unlock()
		<-p.done
		return p.val, p.err
	}
	p := &pot{done: make(chan struct{})}
	k.pots[dish] = p
	k.mu.Unlock()

	p.val, p.err = k.cook(dish)
	close(p.done)
	return p.val, p.err
}
