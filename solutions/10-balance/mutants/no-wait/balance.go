// Mutant: starts the workers and returns without waiting for them, so calls of body are still running after For returned. Caught by: leaks, correctness.
package balance

import "sync/atomic"

const piece = 16

// For forgets the WaitGroup.
func For(n, workers int, body func(i int)) {
	workers = min(max(workers, 1), n)
	var next atomic.Int64
	for range workers {
		go func() {
			for {
				lo := int(next.Add(piece)) - piece
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+piece, n); i++ {
					body(i)
				}
			}
		}()
	}
}
