// Mutant: appends each result as it comes back from the workers, so out is in completion order, not input order. Caught by: ordering.
package parallelmap

import "sync"

// Map runs a proper pool but collects the results from a channel in the order
// the calls finish.
func Map[T, R any](in []T, workers int, f func(T) R) []R {
	workers = max(workers, 1)
	jobs := make(chan T)
	results := make(chan R)
	var wg sync.WaitGroup
	for range workers {
		wg.Go(func() {
			for v := range jobs {
				results <- f(v)
			}
		})
	}
	go func() {
		for _, v := range in {
			jobs <- v
		}
		close(jobs)
		wg.Wait()
		close(results)
	}()
	out := make([]R, 0, len(in))
	for r := range results {
		out = append(out, r)
	}
	return out
}
