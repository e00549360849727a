// Package balance is the reference solution of kata 10.
package balance

import (
	"sync"
	"sync/atomic"
)

// piece is how many indices a worker takes at a time: small next to any
// stretch of slow indices, so that stretch is shared out among the workers,
// and large enough that taking a piece costs little next to doing it.
const piece = 16

// For calls body(i) for every i in [0, n) using up to `workers` goroutines.
//
// The workers take pieces of the range from a shared atomic cursor until it
// passes n: a worker that drew quick indices simply comes back sooner for more.
func For(n, workers int, body func(i int)) {
	workers = min(max(workers, 1), n) // n <= 0 starts no goroutine at all
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for {
				lo := int(next.Add(piece)) - piece
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
