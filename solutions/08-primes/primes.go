// Package primes is the reference solution of kata 08.
package primes

import (
	"sync"
	"sync/atomic"
)

// chunk is how many numbers a worker takes at a time. Small enough that the
// costlier numbers near the limit are shared out, large enough that taking a
// chunk costs nothing next to testing it.
const chunk = 4096

// CountPrimes returns how many primes p satisfy 2 <= p < limit, using up to
// workers goroutines. Workers take chunks of the range from a shared atomic
// cursor, count in a local variable, and add their count once at the end.
func CountPrimes(limit, workers int) int {
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
				if lo >= limit {
					break
				}
				for n := lo; n < min(lo+chunk, limit); n++ {
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

// isPrime tests n by trial division by odd numbers up to its square root.
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
