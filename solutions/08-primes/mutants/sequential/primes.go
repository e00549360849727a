// Mutant: counts on one goroutine whatever workers says. Caught by: speedup.
package primes

// CountPrimes ignores workers and tests every number in turn.
func CountPrimes(limit, workers int) int {
	count := 0
	for n := 2; n < limit; n++ {
		if isPrime(n) {
			count++
		}
	}
	return count
}

func isPrime(n int) bool {
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
