// Mutant: hands out small pieces from an atomic cursor but holds one mutex around every call of body, so only one call runs at a time. Caught by: speedup.
package balance

import (
	"sync"
	"sync/atomic"
)

const piece = 16

// For balances the pieces perfectly, then makes the workers take turns.
func For(n, workers int, body func(i int)) {
	workers = min(max(workers, 1), n)
	var next atomic.Int64
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(piece)) - piece
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+piece, n); i++ {
					mu.Lock()
					body(i)
					mu.Unlock()
				}
			}
		})
	}
	wg.Wait()
}
