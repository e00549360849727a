package verify

import "sync"

// Each calls f for every item, at most jobs calls at a time (at least one),
// and returns when every call has. Callers keep results in order by writing
// them at index i.
func Each[T any](items []T, jobs int, f func(i int, item T)) {
	slots := make(chan struct{}, max(jobs, 1))
	var wg sync.WaitGroup
	for i, item := range items {
		slots <- struct{}{}
		wg.Go(func() {
			defer func() { <-slots }()
			f(i, item)
		})
	}
	wg.Wait()
}
