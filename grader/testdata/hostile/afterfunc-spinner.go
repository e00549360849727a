// Hostile: a time.AfterFunc chain that spins while GOMAXPROCS is 1, slowing the suite's trusted one-CPU version. Kata: 08-primes. Expect: refused.
package primes

import (
	"runtime"
	"time"
)

func tick() {
	if runtime.GOMAXPROCS(0) == 1 {
		for i := 0; i < 1e6; i++ {
		}
	}
	time.AfterFunc(time.Millisecond, tick)
}

// CountPrimes is plainly sequential, and starts the chain on first use.
func CountPrimes(limit, workers int) int {
	tick()
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
