// Mutant: wg.Add is called inside the goroutine, so wg.Wait can run before any Add and return while fetches are still running. Caught by: correctness, leaks.
package goroutines

import "sync"

func FetchAll(ids []int, fetch func(id int) string) []string {
	results := make([]string, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		go func() {
			wg.Add(1)
			defer wg.Done()
			results[i] = fetch(id)
		}()
	}
	wg.Wait()
	return results
}
