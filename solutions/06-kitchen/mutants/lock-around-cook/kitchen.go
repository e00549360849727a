// Mutant: one mutex is held for the whole of Get, cooking included, so the kitchen cooks one dish at a time and customers queue on the lock. Caught by: timing, correctness.
package kitchen

import "sync"

// Kitchen cooks each dish once and keeps the successes.
type Kitchen struct {
	cook func(dish string) (string, error)

	mu   sync.Mutex
	kept map[string]string
}

// NewKitchen returns an empty kitchen that cooks with cook.
func NewKitchen(cook func(dish string) (string, error)) *Kitchen {
	return &Kitchen{cook: cook, kept: map[string]string{}}
}

// Get serves a kept dish or cooks it. Holding the lock throughout looks like
// the simplest way to make sure nobody cooks the same dish twice.
func (k *Kitchen) Get(dish string) (string, error) {
	k.mu.Lock()
	defer k.mu.Unlock()
	if v, ok := k.kept[dish]; ok {
		return v, nil
	}
	v, err := k.cook(dish)
	if err == nil {
		k.kept[dish] = v
	}
	return v, err
}
