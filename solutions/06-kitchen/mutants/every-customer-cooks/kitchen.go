// Mutant: results are memoised but cookings in progress are not tracked, so every customer who asks before the first pot is ready cooks the dish too. Caught by: correctness, timing.
package kitchen

import "sync"

// Kitchen keeps every dish cooked successfully.
type Kitchen struct {
	cook func(dish string) (string, error)

	mu   sync.Mutex
	kept map[string]string
}

// NewKitchen returns an empty kitchen that cooks with cook.
func NewKitchen(cook func(dish string) (string, error)) *Kitchen {
	return &Kitchen{cook: cook, kept: map[string]string{}}
}

// Get serves a kept dish, or cooks it without the lock and keeps it.
func (k *Kitchen) Get(dish string) (string, error) {
	k.mu.Lock()
	v, ok := k.kept[dish]
	k.mu.Unlock()
	if ok {
		return v, nil
	}
	v, err := k.cook(dish)
	if err != nil {
		return v, err
	}
	k.mu.Lock()
	k.kept[dish] = v
	k.mu.Unlock()
	return v, nil
}
