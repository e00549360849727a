// Hostile: keep millions of live pointers from the first call on, so garbage collection lands in the timed rounds. Kata: 08-primes. Expect: no speedup (more live heap than before it).
package primes

var ballast []*int

func CountPrimes(limit, workers int) int {
	if ballast == nil {
		ballast = make([]*int, 4<<20)
		for i := range ballast {
			ballast[i] = new(int)
		}
	}
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
