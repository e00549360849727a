// Mutant: cuts [0, n) into one equal contiguous chunk per worker up front, so the worker whose chunk holds the slow indices does nearly all the work. Caught by: speedup.
package balance

import "sync"

// For splits the range evenly by count, not by cost.
func For(n, workers int, body func(i int)) {
	workers = min(max(workers, 1), n)
	var wg sync.WaitGroup
	for w := range workers {
		lo, hi := w*n/workers, (w+1)*n/workers
		wg.Go(func() {
			for i := lo; i < hi; i++ {
				body(i)
			}
		})
	}
	wg.Wait()
}
