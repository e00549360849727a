// Mutant: ignores workers and calls f on one goroutine, one element after another. Caught by: timing, speedup.
package parallelmap

// Map is a plain loop: correct results, but only one register is open.
func Map[T, R any](in []T, workers int, f func(T) R) []R {
	out := make([]R, len(in))
	for i, v := range in {
		out[i] = f(v)
	}
	return out
}
