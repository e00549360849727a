// Mutant: never closes the jobs channel, so once the work is done the workers stay blocked waiting for more, forever. Caught by: leaks.
package parallelmap

// Map collects exactly len(in) results and returns them in place, but its
// workers are still waiting on the jobs channel when it returns.
func Map[T, R any](in []T, workers int, f func(T) R) []R {
	type result struct {
		i int
		r R
	}
	jobs := make(chan int)
	results := make(chan result)
	for range max(workers, 1) {
		go func() {
			for i := range jobs {
				results <- result{i, f(in[i])}
			}
		}()
	}
	go func() {
		for i := range in {
			jobs <- i
		}
	}()
	out := make([]R, len(in))
	for range in {
		res := <-results
		out[res.i] = res.r
	}
	return out
}
