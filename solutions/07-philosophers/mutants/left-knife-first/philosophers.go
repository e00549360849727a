// Mutant: every cook picks up the left knife first, so all of them can hold one knife and wait for the other forever. Caught by: timing.

// Package philosophers is Dijkstra's dining philosophers at the deli: cooks
// round one counter share the knives that lie between them, and every cook
// needs two knives to work.
package philosophers

import "sync"

// Dine seats n cooks (n >= 2) in a ring with one knife between neighbours; each eats `meals` times,
// calling eat(cook) while holding both knives beside it.
func Dine(n, meals int, eat func(cook int)) {
	knives := make([]sync.Mutex, n) // knife k lies between cook k-1 and cook k
	var wg sync.WaitGroup
	for cook := range n {
		// Cook c's knives are c and (c+1)%n: left, then right.
		first, second := cook, (cook+1)%n
		wg.Go(func() {
			for range meals {
				knives[first].Lock()
				knives[second].Lock()
				eat(cook)
				knives[second].Unlock()
				knives[first].Unlock()
			}
		})
	}
	wg.Wait() // every meal eaten, every cook gone home
}
