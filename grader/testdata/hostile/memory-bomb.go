// Hostile: allocate and touch memory without end, to take the machine's memory from the grader and the other submissions. Kata: 08-primes. Expect: 0 points.
package primes

var hoard [][]byte

func CountPrimes(limit, workers int) int {
	for {
		b := make([]byte, 64<<20)
		for i := range b {
			b[i] = 1
		}
		hoard = append(hoard, b)
	}
}
