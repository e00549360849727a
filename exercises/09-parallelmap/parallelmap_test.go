package parallelmap

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of Map:
//   - correctness: the right results, f called once per element, empty input
//     (results compared as a multiset: their places are ordering's business);
//   - ordering: out[i] is f(in[i]), whatever order the calls finish in;
//   - timing: never more than workers calls at once, and that many whenever
//     elements are waiting, in fake time (testing/synctest);
//   - leaks: nothing Map started is still running once it has returned;
//   - speedup: CPU-bound calls run on every CPU.
// Tests that sleep run in a katatest.Bubble, where time is fake and a
// time.Sleep of an hour takes no real time at all.

// suiteReceipt is what a register hands back for an order.
func suiteReceipt(order int) string { return fmt.Sprintf("receipt #%d", order) }

// suiteOrders returns the orders 0, 1, ..., n-1 in a scrambled but fixed order.
func suiteOrders(n int) []int {
	return rand.New(rand.NewPCG(9, uint64(n))).Perm(n)
}

func suiteReceipts(orders []int) []string {
	out := make([]string, len(orders))
	for i, o := range orders {
		out[i] = suiteReceipt(o)
	}
	return out
}

// suiteTill counts the calls of its ring method per order (orders are 0..n-1).
type suiteTill struct{ calls []atomic.Int32 }

func suiteNewTill(n int) *suiteTill { return &suiteTill{calls: make([]atomic.Int32, n)} }

func (t *suiteTill) ring(order int) string {
	t.calls[order].Add(1)
	return suiteReceipt(order)
}

// badCounts describes the orders that were not rung up exactly once.
func (t *suiteTill) badCounts() []string {
	var bad []string
	for o := range t.calls {
		if n := t.calls[o].Load(); n != 1 {
			bad = append(bad, fmt.Sprintf("order %d: %d calls", o, n))
		}
	}
	return bad
}

// suiteSleepy returns an f that takes d of fake time per call.
func suiteSleepy(d time.Duration) func(int) string {
	return func(order int) string {
		time.Sleep(d)
		return suiteReceipt(order)
	}
}

// suiteBubble runs body in a katatest.Bubble and then lets fake time run on, so
// that calls a wrong Map left running can end: the test reports its own
// failure rather than synctest's "blocked goroutines remain" panic. Goroutines
// left behind are the leak tests' business, and they check for them.
func suiteBubble(t *testing.T, body func(t *testing.T)) {
	t.Helper()
	katatest.Bubble(t, func(t *testing.T) {
		body(t)
		time.Sleep(time.Hour)
	})
}

// suiteSameMultiset reports whether got holds the same elements as want, in
// any order; when it does not, it fails t with msg and a diff of the sorted
// slices.
func suiteSameMultiset[E cmp.Ordered](t *testing.T, want, got []E, msg string, args ...any) bool {
	t.Helper()
	w, g := slices.Sorted(slices.Values(want)), slices.Sorted(slices.Values(got))
	if slices.Equal(w, g) {
		return true
	}
	t.Errorf("%s (-want +got, both sorted: order is ignored here)\n%s", fmt.Sprintf(msg, args...), gocmp.Diff(w, g))
	return false
}

// --- correctness ---------------------------------------------------------

func TestCorrectEveryElementIsMappedOnce(t *testing.T) {
	tests := []struct {
		name       string
		n, workers int
	}{
		{"one order, one worker", 1, 1},
		{"ten orders, three workers", 10, 3},
		{"more workers than orders", 5, 64},
		{"as many workers as orders", 7, 7},
		{"a thousand orders, eight workers", 1000, 8},
		{"zero workers count as one", 20, 0},
		{"negative workers count as one", 20, -3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			orders := suiteOrders(tc.n)
			till := suiteNewTill(tc.n)
			got := Map(orders, tc.workers, till.ring)
			suiteSameMultiset(t, suiteReceipts(orders), got, "Map must return f's result for every element")
			assert.Empty(t, till.badCounts(), "f must be called exactly once per element")
		})
	}
}

func TestCorrectEmptyInputGivesAnEmptyNonNilResult(t *testing.T) {
	for _, tc := range []struct {
		name    string
		in      []int
		workers int
	}{
		{"nil input", nil, 4},
		{"an empty slice", []int{}, 4},
		{"an empty slice and zero workers", []int{}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var calls atomic.Int32
			got := Map(tc.in, tc.workers, func(o int) string { calls.Add(1); return suiteReceipt(o) })
			require.NotNil(t, got, "an empty input gives an empty slice, not nil")
			assert.Empty(t, got)
			assert.Zero(t, calls.Load(), "f must not be called when there is nothing to map")
		})
	}
}

func TestCorrectAgreesWithAPlainLoopOnRandomInput(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 9))
	for range 30 {
		in := make([]int, r.IntN(400))
		for i := range in {
			in[i] = r.IntN(1000) - 500
		}
		workers := 1 + r.IntN(12)
		square := func(x int) int64 { return int64(x)*int64(x) + 1 }
		want := make([]int64, len(in))
		for i, x := range in {
			want[i] = square(x)
		}
		got := Map(in, workers, square)
		if !suiteSameMultiset(t, want, got, "Map(%d elements, %d workers)", len(in), workers) {
			return
		}
	}
}

func TestCorrectResultTypeMayDifferFromInputType(t *testing.T) {
	in := []string{"rye", "sourdough", "bagel", "pita", "ciabatta"}
	got := Map(in, 2, func(s string) int { return len(s) })
	suiteSameMultiset(t, []int{3, 9, 5, 4, 8}, got, "lengths of the bread names")
}

// --- ordering ------------------------------------------------------------

func TestOrderResultsFollowInputNotFinishingTimes(t *testing.T) {
	// The earlier an order is in the list, the longer it takes, so the calls
	// finish in roughly the reverse of the input order.
	for _, workers := range []int{2, 3, 9} {
		t.Run(fmt.Sprintf("with %d workers", workers), func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				orders := []int{0, 1, 2, 3, 4, 5, 6, 7, 8}
				got := Map(orders, workers, func(o int) string {
					time.Sleep(time.Duration(len(orders)-o) * 100 * time.Millisecond)
					return suiteReceipt(o)
				})
				assert.Empty(t, gocmp.Diff(suiteReceipts(orders), got),
					"out[i] must be f(in[i]), whatever order the calls finish in (-want +got)")
			})
		})
	}
}

func TestOrderRandomInputKeepsItsOrder(t *testing.T) {
	r := rand.New(rand.NewPCG(9, 10))
	for range 20 {
		orders := suiteOrders(1 + r.IntN(300))
		workers := 2 + r.IntN(8)
		want := suiteReceipts(orders)
		if got := Map(orders, workers, suiteReceipt); !slices.Equal(want, got) {
			t.Fatalf("Map(%d orders, %d workers): out[i] must be f(in[i]) (-want +got)\n%s", len(orders), workers, gocmp.Diff(want, got))
		}
	}
}

// --- timing --------------------------------------------------------------

func TestTimingAtMostWorkersCallsAtOnceAndNoWorkerIdles(t *testing.T) {
	tests := []struct {
		name       string
		n, workers int
		elapsed    time.Duration // every call takes one second
		most       int           // calls in flight at once, at most and at some moment
	}{
		{"ten orders, three workers: four rounds", 10, 3, 4 * time.Second, 3},
		{"nine orders, three workers: three rounds", 9, 3, 3 * time.Second, 3},
		{"five orders, one worker: one after another", 5, 1, 5 * time.Second, 1},
		{"four orders, eight workers: all at once", 4, 8, time.Second, 4},
		{"twelve orders, twelve workers: all at once", 12, 12, time.Second, 12},
		{"zero workers count as one", 3, 0, 3 * time.Second, 1},
		{"negative workers count as one", 3, -2, 3 * time.Second, 1},
		{"no orders take no time", 0, 3, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				var g katatest.Gauge
				f := katatest.Track(&g, suiteSleepy(time.Second))
				start := time.Now()
				Map(suiteOrders(tc.n), tc.workers, f)
				elapsed := time.Since(start)
				assert.Equal(t, tc.most, g.Max(),
					"most calls of f in flight at once with %d orders and workers = %d", tc.n, tc.workers)
				assert.Equal(t, tc.elapsed, elapsed,
					"Map took %v (fake time) for %d one-second calls with workers = %d; it must take exactly %v",
					elapsed, tc.n, tc.workers, tc.elapsed)
			})
		})
	}
}

func TestTimingWorkersCallsStartBeforeAnyFinishes(t *testing.T) {
	tests := []struct {
		name       string
		n, workers int
	}{
		{"ten orders, three workers", 10, 3},
		{"six orders, six workers", 6, 6},
		{"two orders, five workers", 2, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				var g katatest.Gauge
				release := make(chan struct{})
				f := katatest.Track(&g, func(o int) string {
					<-release // every call waits here until the test lets them all go
					return suiteReceipt(o)
				})
				done := make(chan []string, 1)
				go func() { done <- Map(suiteOrders(tc.n), tc.workers, f) }()

				synctest.Wait() // until every goroutine is blocked: the calls started so far are all waiting
				inFlight := g.Current()
				close(release)
				<-done

				want := min(tc.n, tc.workers)
				assert.Equal(t, want, inFlight,
					"calls of f in flight while all of them wait: with %d orders and %d workers, %d must run at once", tc.n, tc.workers, want)
				assert.Equal(t, tc.n, g.Total(), "calls of f")
			})
		})
	}
}

// --- leaks ---------------------------------------------------------------

func TestLeakNoGoroutineOutlivesMap(t *testing.T) {
	tests := []struct {
		name       string
		n, workers int
		f          func(int) string
	}{
		// One worker on slow orders: a Map that returns before its last call
		// has finished leaves that call asleep, and it is found here.
		{"one worker, slow orders", 4, 1, suiteSleepy(time.Second)},
		{"four workers, quick orders", 50, 4, suiteReceipt},
		{"more workers than orders", 3, 8, suiteReceipt},
		{"no orders", 0, 4, suiteReceipt},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				var g katatest.Gauge
				Map(suiteOrders(tc.n), tc.workers, katatest.Track(&g, tc.f))
				require.Zero(t, g.Current(), "calls of f still running after Map returned")
				katatest.NoLeaks(t)
			})
		})
	}
}

// --- speedup -------------------------------------------------------------

// suiteKnead is a CPU-bound order: about 300 µs of arithmetic, no memory traffic.
func suiteKnead(x uint64) uint64 {
	x = x*0x9E3779B97F4A7C15 + 1
	for range 150_000 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// suiteSink keeps the sequential version's results alive.
var suiteSink []uint64

func TestSpeedupCPUBoundCallsUseEveryCPU(t *testing.T) {
	const n = 500
	in := make([]uint64, n)
	want := make([]uint64, n)
	for i := range in {
		in[i] = uint64(i)
		want[i] = suiteKnead(in[i])
	}
	workers := runtime.NumCPU()
	katatest.Speedup(t, "09-parallelmap", katatest.Work{
		Run: func() {
			if got := Map(in, workers, suiteKnead); !slices.Equal(want, got) {
				t.Fatalf("Map(%d elements, %d workers) returned wrong results during the measurement", n, workers)
			}
		},
		Sequential: func() {
			out := make([]uint64, n)
			for i, x := range in {
				out[i] = suiteKnead(x)
			}
			suiteSink = out
		},
	})
}
