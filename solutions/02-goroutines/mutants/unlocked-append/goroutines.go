// Mutant: every goroutine appends its (index, result) pair to one shared slice without a lock, then the pairs are put in place. Caught by: race.
package goroutines

import "sync"

func FetchAll(ids []int, fetch func(id int) string) []string {
	type answer struct {
		i   int
		val string
	}
	var answers []answer
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Add(1)
		go func() {
			defer wg.Done()
			answers = append(answers, answer{i, fetch(id)})
		}()
	}
	wg.Wait()
	results := make([]string, len(ids))
	for _, a := range answers {
		results[a.i] = a.val
	}
	return results
}
