// Mutant: each chunk's upper bound is inclusive, so the limit itself is counted when it is prime. Caught by: correctness.
package primes

import (
	"sync"
	"sync/atomic"
)

// CountPrimes hands out chunks from an atomic cursor, but tests n <= limit.
func CountPrimes(limit, workers int) int {
	const chunk = 4096
	workers = max(workers, 1)
	var next, total atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			count := 0
			for {
				lo := int(next.Add(chunk)) - chunk
				if lo > limit {
					break
				}
				for n := lo; n <= min(lo+chunk-1, limit); n++ {
					if isPrime(n) {
						count++
					}
				}
			}
			total.Add(int64(count))
		}()
	}
	wg.Wait()
	return int(total.Load())
}

func isPrime(n int) bool {
	if n < 2 {
		return false
	}
	if n%2 == 0 {
		return n == 2
	}
	for d := 3; d*d <= n; d += 2 {
		if n%d == 0 {
			return false
		}
	}
	return true
}
