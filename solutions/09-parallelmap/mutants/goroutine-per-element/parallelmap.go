// Mutant: starts one goroutine per element and ignores workers, so every call of f runs at once. Caught by: timing.
package parallelmap

import "sync"

// Map opens a register for every customer: fast, but the bound is gone.
func Map[T, R any](in []T, workers int, f func(T) R) []R {
	out := make([]R, len(in))
	var wg sync.WaitGroup
	for i, v := range in {
		wg.Go(func() { out[i] = f(v) })
	}
	wg.Wait()
	return out
}
