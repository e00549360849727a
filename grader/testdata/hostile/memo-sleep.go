// Hostile: count sequentially, remember each answer, and on more than one CPU return it after sleeping a little over half the last one-CPU time. Kata: 08-primes. Expect: no speedup (did less work).
package primes

import (
	"runtime"
	"sync"
	"time"
)

var (
	mu   sync.Mutex
	memo = map[int]int{}
	last time.Duration
)

func CountPrimes(limit, workers int) int {
	if runtime.GOMAXPROCS(0) > 1 {
		mu.Lock()
		n, ok := memo[limit]
		d := last
		mu.Unlock()
		if ok {
			time.Sleep(d * 55 / 100)
			return n
		}
	}
	start := time.Now()
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
	mu.Lock()
	memo[limit], last = n, time.Since(start)
	mu.Unlock()
	return n
}
