// Mutant: every worker increments one shared counter without synchronisation. Caught by: race, correctness.
package primes

import "sync"

// CountPrimes splits the range evenly, and each worker adds to the same int.
func CountPrimes(limit, workers int) int {
	workers = max(workers, 1)
	var wg sync.WaitGroup
	total := 0
	size := (limit + workers - 1) / workers
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for n := w * size; n < min((w+1)*size, limit); n++ {
				if isPrime(n) {
					total++
				}
			}
		}()
	}
	wg.Wait()
	return total
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
