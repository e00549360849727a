// Mutant: guards the write to out with a mutex but holds it across the call of f, so only one call runs at a time. Caught by: timing, speedup.
package parallelmap

import "sync"

// Map runs a pool, but every worker takes the same lock around the whole
// f(in[i]) and store: the registers take turns.
func Map[T, R any](in []T, workers int, f func(T) R) []R {
	out := make([]R, len(in))
	next := make(chan int)
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Go(func() {
			for i := range next {
				mu.Lock()
				out[i] = f(in[i])
				mu.Unlock()
			}
		})
	}
	for i := range in {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}
