// Hostile: keep millions of live pointers from a package-level initialiser so garbage collection lands in the timed rounds. Kata: 08-primes. Expect: refused.
package primes

var ballast = make([]*int, 1<<24)

func CountPrimes(limit, workers int) int { panic("TODO") }
