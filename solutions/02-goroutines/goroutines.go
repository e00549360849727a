// Package goroutines is Deli's second kata: many lines, one register. Slow
// waits are started together and overlap, instead of queueing one behind the
// other.
package goroutines

import "sync"

// FetchAll calls fetch once per id, all calls overlapping, and returns results in the order of ids.
func FetchAll(ids []int, fetch func(id int) string) []string {
	results := make([]string, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		// wg.Go does wg.Add(1) here, before the goroutine starts, and wg.Done when it ends.
		// Each goroutine writes only its own slot, so no lock is needed.
		wg.Go(func() { results[i] = fetch(id) })
	}
	wg.Wait()
	return results
}
