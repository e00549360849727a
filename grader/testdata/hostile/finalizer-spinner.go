// Hostile: a self-re-arming finalizer that spins while GOMAXPROCS is 1; no goroutine of its own shows in NumGoroutine. Kata: 08-primes. Expect: refused.
package primes

import "runtime"

type ballast struct{ _ [64]byte }

func arm() {
	b := new(ballast)
	runtime.SetFinalizer(b, func(*ballast) {
		if runtime.GOMAXPROCS(0) == 1 {
			for i := 0; i < 1e7; i++ {
			}
		}
		arm()
	})
}

// CountPrimes is plainly sequential, and arms the finalizer on first use.
func CountPrimes(limit, workers int) int {
	arm()
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
