// Package goroutines is Deli's second kata: many lines, one register. Slow
// waits are started together and overlap, instead of queueing one behind the
// other.
package goroutines

// FetchAll calls fetch once per id, all calls overlapping, and returns results in the order of ids.
//
// In detail:
//   - fetch is called exactly once for every element of ids: an id that
//     appears three times is fetched three times.
//   - Every call runs on its own goroutine and none waits for another to
//     finish before starting: all len(ids) calls can be in flight at once, so
//     FetchAll takes as long as the slowest fetch, not the sum of them all.
//   - The result has len(ids) elements and result[i] is what fetch(ids[i])
//     returned, whatever order the calls finish in.
//   - When FetchAll returns, every call of fetch has returned and no goroutine
//     that FetchAll started is still running.
//   - For no ids (nil or empty) it calls nothing and returns an empty slice.
//
// fetch must be safe to call from many goroutines at once.
func FetchAll(ids []int, fetch func(id int) string) []string {
	panic("TODO: start one goroutine per id, wait for all of them, return the results in the order of ids")
}
