// Mutant: wg.Wait is called inside the loop, so each fetch finishes before the next one starts: sequential in disguise. Caught by: timing.
package goroutines

import "sync"

func FetchAll(ids []int, fetch func(id int) string) []string {
	results := make([]string, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = fetch(id)
		}()
		wg.Wait()
	}
	return results
}
