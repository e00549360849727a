// Mutant: the Go tour's recursive crawler with a lock: it checks whether a URL is in the map, unlocks, fetches, and only then records it, so two goroutines that find the same URL both fetch it. Caught by: correctness.

// Package crawler is the deli's supplier hunt: a concurrent web crawler that
// fetches each page once, several at a time up to a bound, follows links to a
// maximum distance, and stops cleanly when its context ends.
package crawler

import (
	"context"
	"sync"
)

// A Fetcher fetches one page: its body and the URLs it links to.
type Fetcher interface {
	Fetch(ctx context.Context, url string) (body string, urls []string, err error)
}

// Crawl fetches root and what it links to, a goroutine per link.
func Crawl(ctx context.Context, root string, depth, parallel int, f Fetcher) map[string]error {
	results := map[string]error{}
	sem := make(chan struct{}, max(parallel, 1))
	var mu sync.Mutex
	var wg sync.WaitGroup
	var crawl func(url string, d int)
	crawl = func(url string, d int) {
		defer wg.Done()
		if d >= depth {
			return
		}
		mu.Lock()
		_, done := results[url] // checked here...
		mu.Unlock()
		if done {
			return
		}
		sem <- struct{}{}
		if ctx.Err() != nil {
			<-sem
			return
		}
		_, urls, err := f.Fetch(ctx, url)
		<-sem
		mu.Lock()
		results[url] = err // ...but marked only here, after the fetch
		mu.Unlock()
		if err != nil {
			return
		}
		for _, u := range urls {
			wg.Add(1)
			go crawl(u, d+1)
		}
	}
	wg.Add(1)
	crawl(root, 0)
	wg.Wait()
	return results
}
