// Mutant: starts a goroutine for every piece of 16 indices, all at once, so far more than workers goroutines call body at the same time. Caught by: correctness.
package balance

import "sync"

const piece = 16

// For ignores workers and gives every piece of the range a goroutine of its own.
func For(n, workers int, body func(i int)) {
	var wg sync.WaitGroup
	for lo := 0; lo < n; lo += piece {
		wg.Go(func() {
			for i := lo; i < min(lo+piece, n); i++ {
				body(i)
			}
		})
	}
	wg.Wait()
}
