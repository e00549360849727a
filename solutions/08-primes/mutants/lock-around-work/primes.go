// Mutant: starts the workers but holds one mutex while each tests its chunk, so only one works at a time. Caught by: speedup.
package primes

import "sync"

// CountPrimes splits the range into chunks, but "protects" the count by
// locking around the whole chunk instead of around the addition.
func CountPrimes(limit, workers int) int {
	workers = max(workers, 1)
	var mu sync.Mutex
	var wg sync.WaitGroup
	total := 0
	size := (limit + workers - 1) / workers
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			mu.Lock()
			defer mu.Unlock()
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
