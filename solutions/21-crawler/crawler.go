// Package crawler is the deli's supplier hunt: a concurrent web crawler that
// fetches each page once, several at a time up to a bound, follows links to a
// maximum distance, and stops cleanly when its context ends.
package crawler

import "context"

// A Fetcher fetches one page: its body and the URLs it links to.
type Fetcher interface {
	Fetch(ctx context.Context, url string) (body string, urls []string, err error)
}

// page is what one fetch hands back to the coordinator.
type page struct {
	url  string
	urls []string
	err  error
}

// Crawl fetches root and what it links to, up to depth, each URL once, at most
// `parallel` fetches at once. It returns every URL it fetched with nil, or with
// the error Fetch returned for it.
//
// The calling goroutine is the coordinator: it alone touches the maps and the
// queue. Each fetch runs on a goroutine of its own and sends its page back.
func Crawl(ctx context.Context, root string, depth, parallel int, f Fetcher) map[string]error {
	results := map[string]error{}
	if depth <= 0 {
		return results
	}
	parallel = max(parallel, 1)

	dist := map[string]int{}       // the shortest distance from root found so far
	links := map[string][]string{} // the links of every page fetched without error
	var queue []string             // known URLs not fetched yet
	done := make(chan page)
	inFlight := 0

	// reach records that url is at distance d. A URL seen for the first time
	// joins the queue; one already fetched whose distance got shorter has its
	// links followed again, further. Queued and in-flight URLs have no links
	// yet: their pages are followed from their distance when they arrive.
	var reach func(url string, d int)
	reach = func(url string, d int) {
		old, seen := dist[url]
		if d >= depth || (seen && old <= d) {
			return
		}
		dist[url] = d
		if !seen {
			queue = append(queue, url)
		}
		for _, next := range links[url] {
			reach(next, d+1)
		}
	}
	reach(root, 0)

	for {
		for inFlight < parallel && len(queue) > 0 && ctx.Err() == nil {
			url := queue[0]
			queue = queue[1:]
			inFlight++
			go func() {
				_, urls, err := f.Fetch(ctx, url)
				done <- page{url, urls, err}
			}()
		}
		if inFlight == 0 {
			return results // nothing left to fetch, or ctx is done and the fetches are back
		}
		p := <-done
		inFlight--
		results[p.url] = p.err
		if p.err == nil {
			links[p.url] = p.urls
			for _, next := range p.urls {
				reach(next, dist[p.url]+1)
			}
		}
	}
}
