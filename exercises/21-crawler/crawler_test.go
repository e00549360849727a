package crawler

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of Crawl:
//   - correctness: the right URLs in the map, each with its error, each fetched
//     exactly once, on trees, cycles, diamonds, failing pages, a shorter path
//     found late, a cancel, and every depth;
//   - timing: fetches overlap up to `parallel` and never beyond; a fetch starts
//     as soon as its URL is known; a cancel stops the crawl at that instant;
//   - leaks: nothing Crawl started is running once it has returned;
//   - race: the whole suite runs under -race, with many fetches at once.
// Every test but the real-time scenario runs in a katatest.Bubble, where time
// is fake: a page that "takes an hour" costs no real time, and time.Since
// measures the fake clock exactly.

var (
	suiteErrNotFound = errors.New("404: no such page")
	suiteErrClosed   = errors.New("503: the supplier is closed today")
	suiteErrNoRye    = errors.New("410: the rye page is gone")
)

// suitePage is one page of a fake web: it takes `after` of fake time to fetch
// (one second if zero), then returns its links, or its error (and the links
// anyway, which a crawler must not follow).
type suitePage struct {
	after time.Duration
	links []string
	err   error
}

// suiteWeb is the Fetcher of a test. A URL it has no page for fails with
// suiteErrNotFound after a second. An attentive web stops a fetch with
// ctx.Err() as soon as ctx is done; a stubborn one ignores ctx and finishes
// the fetch. It records every call: how many per URL, when each started, and
// whether the call's context carried the test's value. Its gauge counts the
// fetches in flight.
type suiteWeb struct {
	pages    map[string]suitePage
	stubborn bool
	start    time.Time
	gauge    katatest.Gauge

	mu      sync.Mutex
	calls   map[string]int
	starts  map[string]time.Duration
	foreign []string // URLs whose fetch got a context that does not come from Crawl's
}

type suiteKey struct{}

// suiteTable is the value the tests put in Crawl's context.
const suiteTable = "table 7"

func suiteNewWeb(pages map[string]suitePage) *suiteWeb {
	return &suiteWeb{pages: pages, start: time.Now(), calls: map[string]int{}, starts: map[string]time.Duration{}}
}

func (w *suiteWeb) Fetch(ctx context.Context, url string) (string, []string, error) {
	w.gauge.Enter()
	defer w.gauge.Exit()
	w.mu.Lock()
	w.calls[url]++
	w.starts[url] = time.Since(w.start)
	if ctx.Value(suiteKey{}) != suiteTable {
		w.foreign = append(w.foreign, url)
	}
	w.mu.Unlock()

	p, ok := w.pages[url]
	if !ok {
		p = suitePage{err: suiteErrNotFound}
	}
	if p.after == 0 {
		p.after = time.Second
	}
	if w.stubborn {
		time.Sleep(p.after)
	} else {
		timer := time.NewTimer(p.after)
		defer timer.Stop()
		select {
		case <-timer.C:
		case <-ctx.Done():
			return "", nil, ctx.Err()
		}
	}
	return "the page of " + url, slices.Clone(p.links), p.err
}

// callCounts returns how many times each URL was fetched.
func (w *suiteWeb) callCounts() map[string]int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return maps.Clone(w.calls)
}

// startTimes returns when each URL's (last) fetch started, from the web's creation.
func (w *suiteWeb) startTimes() map[string]time.Duration {
	w.mu.Lock()
	defer w.mu.Unlock()
	return maps.Clone(w.starts)
}

// suiteOnce is the call count of a crawl that fetched each URL of want once.
func suiteOnce(want map[string]error) map[string]int {
	out := map[string]int{}
	for url := range want {
		out[url] = 1
	}
	return out
}

// suiteOutcomes turns a result map into strings that cmp.Diff shows well.
func suiteOutcomes(m map[string]error) map[string]string {
	out := map[string]string{}
	for url, err := range m {
		out[url] = "fetched"
		if err != nil {
			out[url] = "error: " + err.Error()
		}
	}
	return out
}

// suiteRequireResults fails the test unless got holds exactly want's URLs,
// each with the very error Fetch returned (nil for a fetched page).
func suiteRequireResults(t *testing.T, want, got map[string]error) {
	t.Helper()
	require.NotNil(t, got, "Crawl must return a non-nil map")
	require.Empty(t, cmp.Diff(suiteOutcomes(want), suiteOutcomes(got)),
		"the URLs fetched and their errors (-want +got)")
	for url, err := range want {
		if err != nil {
			assert.ErrorIs(t, got[url], err, "%s must be in the map with the error Fetch returned", url)
		}
	}
}

// suiteContext is Crawl's context in the tests: it carries suiteTable, and it
// is cancelled after `after` (never, if after is 0).
func suiteContext(t *testing.T, after time.Duration) context.Context {
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), suiteKey{}, suiteTable))
	t.Cleanup(cancel)
	if after > 0 {
		time.AfterFunc(after, cancel)
	}
	return ctx
}

// suiteClosingTime lets fetches a wrong Crawl left running end, so that the
// test reports its own failure rather than synctest's "blocked goroutines
// remain" panic. A bubble's clock stops once its body returns.
func suiteClosingTime() { time.Sleep(48 * time.Hour) }

// suiteDeli is a small tree of pages: distances from "deli" are 0 (deli),
// 1 (menu, suppliers), 2 (rye, bagel, bakery, dairy), 3 (mill), 4 (farm).
var suiteDeli = map[string]suitePage{
	"deli":      {links: []string{"menu", "suppliers"}},
	"menu":      {links: []string{"rye", "bagel"}},
	"suppliers": {links: []string{"bakery", "dairy"}, after: 2 * time.Second},
	"rye":       {},
	"bagel":     {after: 3 * time.Second},
	"bakery":    {links: []string{"mill"}},
	"dairy":     {},
	"mill":      {links: []string{"farm"}, after: 500 * time.Millisecond},
	"farm":      {},
}

// suiteWide is a wide web: "market" links to 12 stalls, stall i to the
// produce pages i%5 and (i+1)%5, which link back to the market.
func suiteWide() map[string]suitePage {
	pages := map[string]suitePage{}
	var stalls []string
	for i := range 12 {
		stall := fmt.Sprintf("stall-%d", i)
		stalls = append(stalls, stall)
		pages[stall] = suitePage{
			after: time.Duration(1+i%3) * time.Second,
			links: []string{fmt.Sprintf("produce-%d", i%5), fmt.Sprintf("produce-%d", (i+1)%5)},
		}
	}
	for i := range 5 {
		pages[fmt.Sprintf("produce-%d", i)] = suitePage{links: []string{"market"}, after: time.Duration(i+1) * 300 * time.Millisecond}
	}
	pages["market"] = suitePage{links: stalls}
	return pages
}

// suiteAll is the result of a crawl that fetched every URL given, without error.
func suiteAll(urls ...string) map[string]error {
	out := map[string]error{}
	for _, u := range urls {
		out[u] = nil
	}
	return out
}

func suiteWideAll(produce bool) map[string]error {
	want := suiteAll("market")
	for i := range 12 {
		want[fmt.Sprintf("stall-%d", i)] = nil
	}
	if produce {
		for i := range 5 {
			want[fmt.Sprintf("produce-%d", i)] = nil
		}
	}
	return want
}

// ---- correctness -----------------------------------------------------------

func TestCorrectCrawlFetchesEveryURLWithinDepthExactlyOnce(t *testing.T) {
	cases := []struct {
		name  string
		pages map[string]suitePage
		root  string
		depth int
		want  map[string]error
	}{
		{"depth 1 fetches only the root", suiteDeli, "deli", 1, suiteAll("deli")},
		{"depth 2 adds the root's links", suiteDeli, "deli", 2, suiteAll("deli", "menu", "suppliers")},
		{"depth 3 adds their links", suiteDeli, "deli", 3,
			suiteAll("deli", "menu", "suppliers", "rye", "bagel", "bakery", "dairy")},
		{"a depth beyond the web fetches all of it", suiteDeli, "deli", 50,
			suiteAll("deli", "menu", "suppliers", "rye", "bagel", "bakery", "dairy", "mill", "farm")},
		{"a crawl can start anywhere", suiteDeli, "bakery", 3, suiteAll("bakery", "mill", "farm")},
		{"a cycle is fetched once", map[string]suitePage{
			"rye": {links: []string{"bakery"}}, "bakery": {links: []string{"mill"}}, "mill": {links: []string{"rye"}},
		}, "rye", 10, suiteAll("rye", "bakery", "mill")},
		{"a page that links to itself is fetched once", map[string]suitePage{
			"deli": {links: []string{"deli", "menu"}}, "menu": {links: []string{"menu", "deli"}},
		}, "deli", 10, suiteAll("deli", "menu")},
		{"a page reached along two paths is fetched once", map[string]suitePage{
			"deli": {links: []string{"menu", "specials"}}, "menu": {links: []string{"rye"}},
			"specials": {links: []string{"rye"}}, "rye": {links: []string{"bakery"}}, "bakery": {},
		}, "deli", 10, suiteAll("deli", "menu", "specials", "rye", "bakery")},
		{"duplicate links on one page are fetched once", map[string]suitePage{
			"deli": {links: []string{"rye", "rye", "bagel", "rye"}}, "rye": {links: []string{"bagel", "bagel"}}, "bagel": {},
		}, "deli", 10, suiteAll("deli", "rye", "bagel")},
		{"failing pages are in the map with their error, and their links are not followed", map[string]suitePage{
			"deli":      {links: []string{"suppliers", "menu", "gone"}},
			"suppliers": {links: []string{"bakery"}, err: suiteErrClosed},
			"menu":      {links: []string{"rye", "bagel"}},
			"rye":       {links: []string{"mill"}, err: suiteErrNoRye},
			"bakery":    {}, "mill": {},
		}, "deli", 10, map[string]error{
			"deli": nil, "suppliers": suiteErrClosed, "menu": nil, "gone": suiteErrNotFound,
			"rye": suiteErrNoRye, "bagel": suiteErrNotFound,
		}},
		{"a root that fails is the only entry", map[string]suitePage{
			"deli": {links: []string{"menu"}, err: suiteErrClosed}, "menu": {},
		}, "deli", 10, map[string]error{"deli": suiteErrClosed}},
		{"a wide web at depth 2", suiteWide(), "market", 2, suiteWideAll(false)},
		{"a wide web with shared pages and links back", suiteWide(), "market", 5, suiteWideAll(true)},
	}
	for _, tc := range cases {
		for _, parallel := range []int{1, 3} {
			t.Run(fmt.Sprintf("%s, %d at once", tc.name, parallel), func(t *testing.T) {
				katatest.Bubble(t, func(t *testing.T) {
					defer suiteClosingTime()
					web := suiteNewWeb(tc.pages)
					got := Crawl(suiteContext(t, 0), tc.root, tc.depth, parallel, web)
					suiteRequireResults(t, tc.want, got)
					assert.Empty(t, cmp.Diff(suiteOnce(tc.want), web.callCounts()),
						"each URL within depth must be fetched exactly once, and no other (-want +got calls)")
				})
			})
		}
	}
}

func TestCorrectNoDepthFetchesNothing(t *testing.T) {
	for _, depth := range []int{0, -1} {
		t.Run(fmt.Sprintf("depth %d", depth), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				web := suiteNewWeb(suiteDeli)
				got := Crawl(suiteContext(t, 0), "deli", depth, 2, web)
				require.NotNil(t, got, "with nothing fetched Crawl must return an empty map, not nil")
				assert.Empty(t, got)
				assert.Empty(t, web.callCounts(), "nothing may be fetched")
			})
		})
	}
}

func TestCorrectParallelBelowOneCountsAsOne(t *testing.T) {
	for _, parallel := range []int{0, -4} {
		t.Run(fmt.Sprintf("parallel %d", parallel), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				web := suiteNewWeb(suiteDeli)
				got := Crawl(suiteContext(t, 0), "deli", 3, parallel, web)
				want := suiteAll("deli", "menu", "suppliers", "rye", "bagel", "bakery", "dairy")
				suiteRequireResults(t, want, got)
				assert.Empty(t, cmp.Diff(suiteOnce(want), web.callCounts()), "(-want +got calls)")
			})
		})
	}
}

// suiteShortcut is a web where "target" is found first at distance 4, along
// deli → fast → aisle → shelf → target, and only later at distance 2, along
// deli → slow → target, once the 10 s page "slow" arrives at 11 s. target's
// links lead on: next → further → beyond → end.
func suiteShortcut(targetAfter time.Duration) map[string]suitePage {
	return map[string]suitePage{
		"deli":    {links: []string{"slow", "fast"}},
		"slow":    {links: []string{"target"}, after: 10 * time.Second},
		"fast":    {links: []string{"aisle"}},
		"aisle":   {links: []string{"shelf"}},
		"shelf":   {links: []string{"target"}},
		"target":  {links: []string{"next"}, after: targetAfter},
		"next":    {links: []string{"further"}},
		"further": {links: []string{"beyond"}},
		"beyond":  {links: []string{"end"}},
		"end":     {},
	}
}

func TestCorrectAShorterPathFoundLaterIsFollowedFurther(t *testing.T) {
	// With depth 6, target at distance 4 lets only "next" (5) be fetched; at
	// distance 2, "next" (3), "further" (4) and "beyond" (5) are, and "end" (6)
	// is not. Nothing is fetched twice.
	want := suiteAll("deli", "slow", "fast", "aisle", "shelf", "target", "next", "further", "beyond")
	cases := []struct {
		name        string
		targetAfter time.Duration
	}{
		// target is fetched 4–5 s, next 5–6 s: both are done at 11 s.
		{"found after the page was fetched", time.Second},
		// target is fetched 4–20 s: still in flight at 11 s.
		{"found while the page was being fetched", 16 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				web := suiteNewWeb(suiteShortcut(tc.targetAfter))
				got := Crawl(suiteContext(t, 0), "deli", 6, 4, web)
				suiteRequireResults(t, want, got)
				assert.Empty(t, cmp.Diff(suiteOnce(want), web.callCounts()),
					"a page found again along a shorter path must not be fetched again (-want +got calls)")
			})
		})
	}
}

func TestCorrectEveryFetchGetsCrawlsContext(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		web := suiteNewWeb(suiteDeli)
		Crawl(suiteContext(t, 0), "deli", 10, 3, web)
		web.mu.Lock()
		defer web.mu.Unlock()
		assert.Empty(t, web.foreign, "these fetches got a context that does not come from Crawl's ctx")
	})
}

func TestCorrectACancelKeepsTheFetchesInFlight(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		web := suiteNewWeb(map[string]suitePage{
			"deli": {links: []string{"menu", "suppliers"}},
			"menu": {links: []string{"rye"}}, "suppliers": {links: []string{"bakery"}}, "rye": {}, "bakery": {},
		})
		got := Crawl(suiteContext(t, 1500*time.Millisecond), "deli", 10, 4, web)
		want := map[string]error{"deli": nil, "menu": context.Canceled, "suppliers": context.Canceled}
		suiteRequireResults(t, want, got)
		assert.Empty(t, cmp.Diff(suiteOnce(want), web.callCounts()), "no fetch may start after the cancel (-want +got calls)")
	})
}

func TestCorrectLinksArrivingAfterACancelAreNotFollowed(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		web := suiteNewWeb(map[string]suitePage{
			"deli": {links: []string{"menu"}, after: 2 * time.Second},
			"menu": {links: []string{"rye"}}, "rye": {},
		})
		web.stubborn = true // "deli" finishes at 2 s, well after the cancel at 0.5 s
		got := Crawl(suiteContext(t, 500*time.Millisecond), "deli", 10, 4, web)
		want := suiteAll("deli")
		suiteRequireResults(t, want, got)
		assert.Empty(t, cmp.Diff(suiteOnce(want), web.callCounts()), "no fetch may start after the cancel (-want +got calls)")
	})
}

func TestCorrectAContextAlreadyDoneFetchesNothing(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		web := suiteNewWeb(suiteDeli)
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		got := Crawl(ctx, "deli", 10, 2, web)
		require.NotNil(t, got, "with nothing fetched Crawl must return an empty map, not nil")
		assert.Empty(t, got)
		assert.Empty(t, web.callCounts(), "nothing may be fetched once ctx is done")
	})
}

// TestCorrectTheMarketIsCrawledInRealTime crawls the wide web of a market, its
// stalls and their produce, with pages that take real milliseconds. It is also
// the workload `grader trace 21` draws: four fetches in flight at a time, each
// page's links fetched as soon as a slot is free, and none fetched twice.
func TestCorrectTheMarketIsCrawledInRealTime(t *testing.T) {
	pages := suiteWide()
	for url, p := range pages { // a second of the web's fake time is 4ms here
		if p.after == 0 {
			p.after = time.Second
		}
		p.after /= 250
		pages[url] = p
	}
	katatest.Traced(t, func() {
		ctx := suiteContext(t, 0) // real time: a call stuck for good hangs here, and the run limit shows where
		web := suiteNewWeb(pages)
		got := Crawl(ctx, "market", 3, 4, web)
		want := suiteWideAll(true)
		suiteRequireResults(t, want, got)
		assert.Empty(t, cmp.Diff(suiteOnce(want), web.callCounts()), "fetches per URL (-want +got)")
	})
}

// ---- timing ----------------------------------------------------------------

// suiteFan is "deli" linking to four pages; every page takes 1 s.
var suiteFan = map[string]suitePage{
	"deli": {links: []string{"menu", "hours", "suppliers", "staff"}},
	"menu": {}, "hours": {}, "suppliers": {}, "staff": {},
}

func TestTimingFetchesOverlapUpToTheLimit(t *testing.T) {
	cases := []struct {
		parallel int
		want     time.Duration // root 1 s, then the four pages in ceil(4/parallel) rounds of 1 s
		most     int           // fetches in flight at once
	}{
		{10, 2 * time.Second, 4},
		{4, 2 * time.Second, 4},
		{3, 3 * time.Second, 3},
		{2, 3 * time.Second, 2},
		{1, 5 * time.Second, 1},
		{0, 5 * time.Second, 1},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%d at once takes %v", tc.parallel, tc.want), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				web := suiteNewWeb(suiteFan)
				start := time.Now()
				got := Crawl(suiteContext(t, 0), "deli", 2, tc.parallel, web)
				assert.Equal(t, tc.want, time.Since(start), "Crawl must return when the last fetch is done, with fetches overlapping")
				assert.Len(t, got, 5)
				assert.Equal(t, tc.most, web.gauge.Max(), "the most fetches in flight at once")
			})
		})
	}
}

func TestTimingNeverMoreThanParallelFetchesAtOnce(t *testing.T) {
	pages := map[string]suitePage{}
	var shelves []string
	for i := range 8 {
		shelf := fmt.Sprintf("shelf-%d", i)
		shelves = append(shelves, shelf)
		a, b := fmt.Sprintf("item-%d-a", i), fmt.Sprintf("item-%d-b", i)
		pages[shelf] = suitePage{links: []string{a, b}, after: time.Duration(1+i%2) * time.Second}
		pages[a], pages[b] = suitePage{}, suitePage{after: 2 * time.Second}
	}
	pages["deli"] = suitePage{links: shelves}
	for _, parallel := range []int{1, 2, 3, 5} {
		t.Run(fmt.Sprintf("%d at once", parallel), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				web := suiteNewWeb(pages)
				got := Crawl(suiteContext(t, 0), "deli", 3, parallel, web)
				assert.Len(t, got, 25)
				assert.Equal(t, parallel, web.gauge.Max(),
					"the most fetches in flight at once must be exactly parallel: never more, and reached")
			})
		})
	}
}

func TestTimingAFetchStartsAsSoonAsItsURLIsKnown(t *testing.T) {
	cases := []struct {
		name     string
		parallel int
		pages    map[string]suitePage
		starts   map[string]time.Duration
		end      time.Duration
	}{
		{"a slow sibling does not hold back a fast sibling's links", 4, map[string]suitePage{
			"deli":   {links: []string{"slow", "fast"}},
			"slow":   {links: []string{"later"}, after: 10 * time.Second},
			"fast":   {links: []string{"rye", "bagel"}},
			"rye":    {links: []string{"bakery"}},
			"bagel":  {},
			"bakery": {},
			"later":  {},
		}, map[string]time.Duration{
			"deli": 0, "slow": time.Second, "fast": time.Second,
			"rye": 2 * time.Second, "bagel": 2 * time.Second, "bakery": 3 * time.Second, "later": 11 * time.Second,
		}, 12 * time.Second},
		{"a free place is taken at once", 2, map[string]suitePage{
			"deli":   {links: []string{"slow", "fast"}},
			"slow":   {after: 3 * time.Second},
			"fast":   {links: []string{"rye"}},
			"rye":    {links: []string{"bakery"}},
			"bakery": {},
		}, map[string]time.Duration{
			"deli": 0, "slow": time.Second, "fast": time.Second, "rye": 2 * time.Second, "bakery": 3 * time.Second,
		}, 4 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				web := suiteNewWeb(tc.pages)
				start := time.Now()
				got := Crawl(suiteContext(t, 0), "deli", 10, tc.parallel, web)
				end := time.Since(start)
				assert.Len(t, got, len(tc.starts))
				assert.Empty(t, cmp.Diff(tc.starts, web.startTimes()),
					"each fetch must start the moment its URL is known and a place is free (-want +got start times)")
				assert.Equal(t, tc.end, end, "Crawl must return when the last fetch is done")
			})
		})
	}
}

func TestTimingACancelStopsTheCrawlAtThatInstant(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		web := suiteNewWeb(suiteFan)
		start := time.Now()
		got := Crawl(suiteContext(t, 1500*time.Millisecond), "deli", 10, 2, web)
		assert.Equal(t, 1500*time.Millisecond, time.Since(start),
			"Crawl must return as soon as the fetches in flight have stopped after the cancel")
		assert.Len(t, got, 3, "the root and the two fetches in flight at the cancel")
		for url, at := range web.startTimes() {
			assert.Less(t, at, 1500*time.Millisecond, "%s was fetched at %v, after the cancel", url, at)
		}
	})
}

func TestTimingCrawlWaitsForTheFetchesInFlightAfterACancel(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		web := suiteNewWeb(map[string]suitePage{
			"deli":  {links: []string{"slow", "fast"}},
			"slow":  {links: []string{"rye"}, after: time.Hour},
			"fast":  {links: []string{"bagel"}},
			"rye":   {},
			"bagel": {},
		})
		web.stubborn = true // "slow" ignores the cancel and finishes an hour after it started
		start := time.Now()
		got := Crawl(suiteContext(t, 1500*time.Millisecond), "deli", 10, 4, web)
		assert.Equal(t, time.Hour+time.Second, time.Since(start),
			"Crawl must wait for the fetch still in flight after the cancel, and start no other")
		suiteRequireResults(t, suiteAll("deli", "slow", "fast"), got)
	})
}

// ---- leaks -----------------------------------------------------------------

func TestLeakNothingLeftAfterACrawl(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		got := Crawl(suiteContext(t, 0), "market", 5, 3, suiteNewWeb(suiteWide()))
		require.Len(t, got, 18)
		katatest.NoLeaks(t)
	})
}

func TestLeakNothingLeftAfterFetchErrors(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		got := Crawl(suiteContext(t, 0), "deli", 5, 3, suiteNewWeb(map[string]suitePage{
			"deli": {links: []string{"gone", "closed", "menu"}},
			"menu": {links: []string{"also-gone"}}, "closed": {err: suiteErrClosed},
		}))
		require.Len(t, got, 5)
		katatest.NoLeaks(t)
	})
}

func TestLeakNothingLeftAfterACancel(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		Crawl(suiteContext(t, 1500*time.Millisecond), "market", 5, 4, suiteNewWeb(suiteWide()))
		katatest.NoLeaks(t)
	})
}

func TestLeakNothingLeftAfterACancelWithSlowFetchesInFlight(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		web := suiteNewWeb(map[string]suitePage{
			"deli": {links: []string{"slow", "rye"}},
			"slow": {after: 3 * time.Hour}, "rye": {},
		})
		web.stubborn = true // "slow" goes on for hours after the cancel
		Crawl(suiteContext(t, 1500*time.Millisecond), "deli", 5, 4, web)
		katatest.NoLeaks(t)
	})
}
