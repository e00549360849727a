// Hostile: start a goroutine from a package-level initialiser that burns CPU while GOMAXPROCS is 1, slowing every one-CPU timing. Kata: 08-primes. Expect: refused.
package primes

import "runtime"

var _ = start()

func start() int {
	go func() {
		for {
			if runtime.GOMAXPROCS(0) == 1 {
				for i := 0; i < 1e6; i++ {
				}
			}
			runtime.Gosched()
		}
	}()
	return 0
}

// CountPrimes is plainly sequential.
func CountPrimes(limit, workers int) int {
	n := 0
	for i := 2; i < limit; i++ {
		p := true
		for d := 2; d*d <= i; d++ {
			if i%d == 0 {
				p = false
				break
			}
		}
		if p {
			n++
		}
	}
	return n
}
