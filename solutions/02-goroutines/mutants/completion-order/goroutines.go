// Mutant: results are collected from a channel in the order the fetches finish, not in the order of ids. Caught by: ordering.
package goroutines

func FetchAll(ids []int, fetch func(id int) string) []string {
	ch := make(chan string, len(ids))
	for _, id := range ids {
		go func() { ch <- fetch(id) }()
	}
	results := make([]string, 0, len(ids))
	for range ids {
		results = append(results, <-ch)
	}
	return results
}
