// Mutant: returns as soon as the last element has been handed to a worker, without waiting for the workers to finish. Caught by: leaks, correctness.
package parallelmap

// Map closes the jobs channel and returns: the last calls of f may still be
// running, and their results are written after the caller has the slice.
func Map[T, R any](in []T, workers int, f func(T) R) []R {
	out := make([]R, len(in))
	next := make(chan int)
	for range max(workers, 1) {
		go func() {
			for i := range next {
				out[i] = f(in[i])
			}
		}()
	}
	for i := range in {
		next <- i
	}
	close(next)
	return out
}
