// Mutant: Crawl goes level by level: it fetches every URL at one distance, up to parallel at once, and starts the next distance only when the whole level is done. Caught by: timing.

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

// page is what one fetch hands back.
type page struct {
	fetched bool
	urls    []string
	err     error
}

// Crawl fetches root and what it links to, one level at a time.
func Crawl(ctx context.Context, root string, depth, parallel int, f Fetcher) map[string]error {
	results := map[string]error{}
	parallel = max(parallel, 1)
	seen := map[string]bool{root: true}
	level := []string{root}
	for d := 0; d < depth && len(level) > 0 && ctx.Err() == nil; d++ {
		pages := make([]page, len(level))
		sem := make(chan struct{}, parallel)
		var wg sync.WaitGroup
		for i, url := range level {
			sem <- struct{}{}
			if ctx.Err() != nil {
				break
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				_, urls, err := f.Fetch(ctx, url)
				pages[i] = page{true, urls, err}
			}()
		}
		wg.Wait() // the whole level, however slow its slowest page
		var next []string
		for i, p := range pages {
			if !p.fetched {
				continue
			}
			results[level[i]] = p.err
			if p.err != nil {
				continue
			}
			for _, u := range p.urls {
				if !seen[u] {
					seen[u] = true
					next = append(next, u)
				}
			}
		}
		level = next
	}
	return results
}
