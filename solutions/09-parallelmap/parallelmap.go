// Package parallelmap is the reference solution of kata 09.
package parallelmap

import "sync"

// Map applies f to every element using at most `workers` concurrent calls of f; out[i] = f(in[i]).
//
// The whole queue of indices is put in a buffered channel before the workers
// start; a fixed pool of goroutines takes indices from it until it is empty.
// Each call writes only its own element of out, so no lock is needed, and
// wg.Wait makes every write visible to the caller.
func Map[T, R any](in []T, workers int, f func(T) R) []R {
	out := make([]R, len(in))
	queue := make(chan int, len(in))
	for i := range in {
		queue <- i
	}
	close(queue)
	var wg sync.WaitGroup
	for range min(max(workers, 1), len(in)) {
		wg.Go(func() {
			for i := range queue {
				out[i] = f(in[i])
			}
		})
	}
	wg.Wait()
	return out
}
