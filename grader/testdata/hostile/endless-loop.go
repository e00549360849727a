// Hostile: never return, so every run must be stopped at its time limit. Kata: 08-primes. Expect: 0 points.
package primes

func CountPrimes(limit, workers int) int {
	n := 0
	for {
		n++
	}
}
