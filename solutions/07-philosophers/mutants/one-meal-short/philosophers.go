// Mutant: the meal loop counts from 1 and stops before meals, so every cook eats one meal short. Caught by: correctness.

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
		// Cook c's knives are c and (c+1)%n. Every cook picks up the
		// lower-numbered one first. A cycle of cooks, each holding one knife
		// and waiting for the next, would need someone to hold a higher knife
		// while waiting for a lower one, and nobody ever does that.
		first, second := cook, (cook+1)%n
		if second < first {
			first, second = second, first
		}
		wg.Go(func() {
			for meal := 1; meal < meals; meal++ {
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
