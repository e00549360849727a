// Package parallelmap is kata 09: the registers. A fixed number of workers
// serve a whole list of orders, and every answer goes back to the place its
// order had in the list.
package parallelmap

// Map applies f to every element using at most `workers` concurrent calls of f; out[i] = f(in[i]).
//
// In detail:
//   - f is called exactly once for every element of in.
//   - Never more than workers calls of f run at the same time. And no worker
//     idles while elements are left: when every call blocks for the same
//     time d, Map takes ceil(len(in)/workers) * d, with workers calls in
//     flight at once (or len(in), if that is fewer).
//   - workers < 1 is treated as 1.
//   - out has len(in) elements and out[i] is what f(in[i]) returned,
//     whatever order the calls finish in.
//   - When Map returns, every call of f has returned and no goroutine that
//     Map started is still running.
//   - For an empty or nil in, f is not called and the result is an empty,
//     non-nil slice.
//
// f must be safe to call from several goroutines at once.
func Map[T, R any](in []T, workers int, f func(T) R) []R {
	panic("TODO: start at most workers goroutines, hand each element to one of them, put f(in[i]) in out[i]")
}
