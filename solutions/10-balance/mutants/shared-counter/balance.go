// Mutant: the workers share a plain int as the cursor and read and bump it without synchronisation. Caught by: race.
package balance

import "sync"

const piece = 16

// For hands out pieces from an unprotected cursor: a data race, and two
// workers may take the same piece (or a piece may be skipped).
func For(n, workers int, body func(i int)) {
	workers = min(max(workers, 1), n)
	next := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := next
				next += piece
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+piece, n); i++ {
					body(i)
				}
			}
		})
	}
	wg.Wait()
}
