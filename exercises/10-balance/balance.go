// Package balance is kata 10: uneven orders. When a few orders take far longer
// than the rest, splitting the list into equal parts up front leaves registers
// idle; handing out small pieces as registers free up keeps them all busy.
package balance

// For calls body(i) for every i in [0, n) using up to `workers` goroutines.
//
// In detail:
//   - body is called exactly once for every i with 0 <= i < n, and never
//     with any other value. For n <= 0 it is not called at all.
//   - At most workers goroutines call body; workers < 1 is treated as 1, and
//     there is no point in starting more goroutines than there are indices.
//   - The cost of body(i) may differ wildly from one i to the next: a few
//     indices may carry most of the work, next to each other. For must keep
//     every worker busy until the work runs out, whichever indices are slow.
//   - When For returns, every call of body has returned and no goroutine
//     that For started is still running.
//
// body must be safe to call from several goroutines at once.
func For(n, workers int, body func(i int)) {
	panic("TODO: let up to workers goroutines take small pieces of [0, n) until none are left, then wait for them")
}
