// Mutant: the cook takes the pot off the stove, serves its waiters and only then keeps the dish, in a critical section of its own, so a customer who arrives in between finds the dish neither cooking nor kept and cooks it again. Caught by: correctness.
// Package kitchen is the deli's kitchen, where the daily special is cooked once.
package kitchen

import "sync"

// pot is one cooking of one dish. val and err are written once, before done is
// closed, and read only after done is closed.
type pot struct {
	done chan struct{}
	val  string
	err  error
}

// Kitchen cooks each dish once and keeps the successes.
type Kitchen struct {
	cook func(dish string) (string, error)

	mu      sync.Mutex        // guards kept and cooking; never held while cooking
	kept    map[string]string // dishes cooked successfully
	cooking map[string]*pot   // dishes on the stove now
}

// NewKitchen returns an empty kitchen that cooks with cook.
func NewKitchen(cook func(dish string) (string, error)) *Kitchen {
	return &Kitchen{cook: cook, kept: map[string]string{}, cooking: map[string]*pot{}}
}

// Get serves a kept dish, joins the pot already on the stove, or cooks the dish.
func (k *Kitchen) Get(dish string) (string, error) {
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
	k.cooking[dish] = p // in the same critical section as the checks above
	k.mu.Unlock()

	p.val, p.err = k.cook(dish) // without the lock: other dishes keep cooking

	k.mu.Lock()
	delete(k.cooking, dish)
	k.mu.Unlock()
	close(p.done) // serve the waiters first
	if p.err == nil {
		k.mu.Lock()
		k.kept[dish] = p.val
		k.mu.Unlock()
	}
	return p.val, p.err
}
