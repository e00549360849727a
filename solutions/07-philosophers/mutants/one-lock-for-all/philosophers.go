// Mutant: one lock guards the whole counter instead of one per knife, so it never deadlocks but only one cook eats at a time, even cooks who share no knife. Caught by: timing.

// Package philosophers is Dijkstra's dining philosophers at the deli: cooks
// round one counter share the knives that lie between them, and every cook
// needs two knives to work.
package philosophers

import "sync"

// Dine seats n cooks (n >= 2) in a ring with one knife between neighbours; each eats `meals` times,
// calling eat(cook) while holding both knives beside it.
func Dine(n, meals int, eat func(cook int)) {
	var counter sync.Mutex // one lock for the whole counter: whoever holds it may use any knife
	var wg sync.WaitGroup
	for cook := range n {
		wg.Go(func() {
			for range meals {
				counter.Lock()
				eat(cook)
				counter.Unlock()
			}
		})
	}
	wg.Wait()
}
