// Package crawler is the deli's supplier hunt. The manager has one phone
// number; each supplier she rings names a few others worth ringing, and she
// wants to reach everyone within a few calls of the first, ringing nobody
// twice, with a fixed number of phones in the back office.
//
// In Go terms: a concurrent web crawler, the Go tour's exercise done properly.
// It fetches each page once, several at a time up to a bound, follows links
// to a maximum distance, and stops cleanly when its context ends. A nil
// Fetcher, a nil ctx and panics in Fetch are outside the contract.
package crawler

import "context"

// A Fetcher fetches one page: its body and the URLs it links to. Fetch is
// called from several goroutines at once, so it must be safe for concurrent
// use. It should return promptly once ctx is done.
type Fetcher interface {
	Fetch(ctx context.Context, url string) (body string, urls []string, err error)
}

// Crawl fetches root and what it links to, up to depth, each URL once, at most `parallel` fetches at once.
// It returns every URL it fetched with nil, or with the error Fetch returned for it.
//
// In detail:
//   - Distance: root is at distance 0, the URLs root's page links to are at
//     distance 1, the URLs their pages link to at 2, and so on. Crawl fetches
//     every URL whose shortest distance from root is less than depth, each
//     exactly once, and no other URL. With depth <= 0 it fetches nothing.
//   - A URL can be reached first along a long path and later along a shorter
//     one. Its distance is then the shorter one, and the links on its page are
//     followed as far as that distance allows, without fetching it again. (So
//     keep the links of the pages you fetched.)
//   - The map holds exactly the URLs Crawl called Fetch for: nil when Fetch
//     succeeded, or the error Fetch returned. A page whose fetch failed has no
//     links to follow, even if Fetch returned some with its error. An error
//     never stops the crawl. The map is never nil: with nothing fetched it is
//     empty.
//   - At most `parallel` calls of Fetch run at once (parallel < 1 counts as
//     1). A fetch starts as soon as its URL is known and a place is free: the
//     crawl never waits for a whole level to finish before it starts the next
//     one. Which of several waiting URLs starts first is not specified.
//   - Every call of Fetch gets ctx (or a context derived from it). Once ctx is
//     done, Crawl starts no new fetch: it waits for the fetches in flight to
//     return, then returns what it has, those fetches included with whatever
//     they returned. With a ctx that is already done it fetches nothing.
//   - When Crawl returns, every goroutine it started has exited.
//   - The body Fetch returns is not used.
func Crawl(ctx context.Context, root string, depth, parallel int, f Fetcher) map[string]error {
	panic("TODO: crawl from root, each URL once, up to `parallel` fetches at once, until depth or ctx stops it")
}
