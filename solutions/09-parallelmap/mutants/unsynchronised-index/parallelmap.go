// Mutant: the workers share a plain int as the index of the next element and read and bump it without synchronisation. Caught by: race.
package parallelmap

import "sync"

// Map hands out indices from an unprotected counter: a data race, and two
// workers may take the same element (or one may be skipped).
func Map[T, R any](in []T, workers int, f func(T) R) []R {
	out := make([]R, len(in))
	next := 0
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for {
				i := next
				next++
				if i >= len(in) {
					return
				}
				out[i] = f(in[i])
			}
		})
	}
	wg.Wait()
	return out
}
