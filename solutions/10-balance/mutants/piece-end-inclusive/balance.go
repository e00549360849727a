// Mutant: treats the end of each piece as inclusive, so the first index of every following piece is visited twice. Caught by: correctness.
package balance

import (
	"sync"
	"sync/atomic"
)

const piece = 16

// For is the dynamic solution with an off-by-one at the piece boundary.
func For(n, workers int, body func(i int)) {
	workers = min(max(workers, 1), n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(piece)) - piece
				if lo >= n {
					return
				}
				for i := lo; i <= min(lo+piece, n-1); i++ {
					body(i)
				}
			}
		})
	}
	wg.Wait()
}
