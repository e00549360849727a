// Mutant: cuts the range into workers chunks of n/workers indices, rounded down, so the last n%workers indices are never visited; and the slow indices all fall in one chunk. Caught by: correctness, speedup.
package balance

import "sync"

// For splits by integer division and forgets the remainder.
func For(n, workers int, body func(i int)) {
	workers = max(workers, 1)
	size := n / workers
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			for i := w * size; i < (w+1)*size; i++ {
				body(i)
			}
		})
	}
	wg.Wait()
}
