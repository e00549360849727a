// Hostile: start hundreds of thousands of goroutines that never end, which under -race take gigabytes. Kata: 08-primes. Expect: 0 points.
package primes

func CountPrimes(limit, workers int) int {
	block := make(chan struct{})
	for i := 0; i < 1_000_000; i++ {
		go func() { <-block }()
	}
	return 0
}
