// Package primes is kata 08: many registers. Counting primes is pure CPU work,
// so it gets faster only when it is split across cores.
package primes

// CountPrimes returns how many primes p satisfy 2 <= p < limit, splitting the
// work over up to workers goroutines so that it runs in parallel on a machine
// with several CPUs. workers < 1 is treated as 1; a limit of 2 or less has no
// primes below it.
//
// The suite measures the speedup of CountPrimes(limit, workers) on P CPUs
// against the faster of the same call on one CPU and a plain sequential loop
// that tests each odd number by trial division up to its square root.
func CountPrimes(limit, workers int) int {
	panic("TODO: count the primes below limit with up to workers goroutines")
}
