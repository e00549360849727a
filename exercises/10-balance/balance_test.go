package balance

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of For:
//   - correctness: body(i) called exactly once for every i in [0, n), never
//     for anything else, by at most workers calls at once, and all of it
//     over by the time For returns;
//   - leaks: nothing For started is still running once it has returned;
//   - speedup: skewed work, where a few neighbouring indices carry almost all
//     the cost, still runs on every CPU.
// The race detector watches the whole suite: the correctness tests run For
// with several workers over thousands of indices.

// suiteTally counts the calls of body per index, and the calls with an index
// outside [0, n).
type suiteTally struct {
	calls []atomic.Int32
	stray atomic.Int32
}

func suiteNewTally(n int) *suiteTally { return &suiteTally{calls: make([]atomic.Int32, max(n, 0))} }

func (s *suiteTally) body(i int) {
	if i < 0 || i >= len(s.calls) {
		s.stray.Add(1)
		return
	}
	s.calls[i].Add(1)
}

// check fails t unless every index was visited exactly once and nothing else was.
func (s *suiteTally) check(t *testing.T, n, workers int) {
	t.Helper()
	var bad []string
	for i := range s.calls {
		if c := s.calls[i].Load(); c != 1 {
			bad = append(bad, fmt.Sprintf("i=%d: %d calls", i, c))
		}
	}
	if len(bad) > 0 {
		shown := bad[:min(len(bad), 10)]
		t.Errorf("For(%d, %d, body): %d indices were not visited exactly once, for example %v", n, workers, len(bad), shown)
	}
	assert.Zero(t, s.stray.Load(), "For(%d, %d, body): calls of body with an index outside [0, %d)", n, workers, n)
}

// --- correctness ---------------------------------------------------------

func TestCorrectEveryIndexIsVisitedExactlyOnce(t *testing.T) {
	tests := []struct {
		name       string
		n, workers int
	}{
		{"no indices, no calls", 0, 4},
		{"a negative n means no calls", -5, 2},
		{"one index, one worker", 1, 1},
		{"ten indices, three workers", 10, 3},
		{"a hundred indices, seven workers", 100, 7},
		{"a size that no piece divides, two workers", 4099, 2},
		{"ten thousand indices, four workers", 10_000, 4},
		{"more workers than indices", 17, 64},
		{"as many workers as indices", 12, 12},
		{"zero workers count as one", 50, 0},
		{"negative workers count as one", 50, -1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tally := suiteNewTally(tc.n)
			For(tc.n, tc.workers, tally.body)
			tally.check(t, tc.n, tc.workers)
		})
	}
}

func TestCorrectRandomSizesAndWorkerCounts(t *testing.T) {
	r := rand.New(rand.NewPCG(10, 10))
	for range 25 {
		n, workers := r.IntN(3000), 1+r.IntN(16)
		tally := suiteNewTally(n)
		For(n, workers, tally.body)
		tally.check(t, n, workers)
		if t.Failed() {
			return
		}
	}
}

func TestCorrectEveryCallHasReturnedWhenForReturns(t *testing.T) {
	// Each call sleeps a second of fake time before it counts itself: a For
	// that returns before its calls are over finds them still asleep.
	tests := []struct {
		name       string
		n, workers int
	}{
		{"one worker, three indices", 3, 1},
		{"zero workers, two indices", 2, 0},
		{"four workers, one index", 1, 4},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer time.Sleep(time.Hour) // lets the calls of a wrong For end before the bubble does
				tally := suiteNewTally(tc.n)
				For(tc.n, tc.workers, func(i int) {
					time.Sleep(time.Second)
					tally.body(i)
				})
				tally.check(t, tc.n, tc.workers)
			})
		})
	}
}

func TestCorrectNeverMoreThanWorkersCallsAtOnce(t *testing.T) {
	// Each call yields the processor a few times before it returns, so every
	// goroutine that For started gets into body while the others are still
	// there. (A yield, not a sleep: a For that holds a lock around body is slow
	// but within the contract, and sleeping under its lock would stall fake time.)
	tests := []struct {
		name       string
		n, workers int
		most       int
	}{
		{"three workers, a hundred indices", 100, 3, 3},
		{"one worker", 40, 1, 1},
		{"zero workers count as one", 40, 0, 1},
		{"more workers than indices", 5, 8, 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var g katatest.Gauge
			For(tc.n, tc.workers, func(int) {
				g.Enter()
				defer g.Exit()
				for range 20 {
					runtime.Gosched()
				}
			})
			assert.LessOrEqual(t, g.Max(), tc.most,
				"For(%d, %d, body): most calls of body running at once; at most %d goroutines may call body", tc.n, tc.workers, tc.most)
			assert.Equal(t, tc.n, g.Total(), "calls of body")
		})
	}
}

// --- leaks ---------------------------------------------------------------

func TestLeakNoGoroutineOutlivesFor(t *testing.T) {
	slow := func(int) { time.Sleep(time.Second) }
	quick := func(int) {}
	tests := []struct {
		name       string
		n, workers int
		body       func(int)
	}{
		// One worker on slow indices: a For that returns before its last call
		// has finished leaves that call asleep, and it is found here.
		{"one worker, slow indices", 4, 1, slow},
		{"four workers, quick indices", 500, 4, quick},
		{"more workers than indices", 3, 8, quick},
		{"no indices", 0, 4, quick},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				var g katatest.Gauge
				For(tc.n, tc.workers, func(i int) { g.Enter(); defer g.Exit(); tc.body(i) })
				require.Zero(t, g.Current(), "calls of body still running after For returned")
				katatest.NoLeaks(t)
			})
		})
	}
}

// --- speedup -------------------------------------------------------------

// The skewed work: n indices, of which only those in [suiteSlowFrom,
// suiteSlowTo) are costly (about 40 µs each); every other index costs a few
// nanoseconds. The slow stretch is a sixteenth of the range, and it lies
// inside the first eighth: cut [0, n) into 8 or fewer equal parts and one
// part gets all of it, so the other workers finish at once and wait. Handed
// out in pieces of up to 64 indices, the slow stretch is at least 64 pieces,
// shared out among the CPUs.
const (
	suiteN        = 1 << 16
	suiteSlowFrom = suiteN / 64
	suiteSlowTo   = suiteSlowFrom + suiteN/16
)

// suiteKnead is the cost of a slow index: arithmetic only, no memory traffic.
func suiteKnead(x uint64) uint64 {
	x = x*0x9E3779B97F4A7C15 + 1
	for range 20_000 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// suiteSkewed returns a body that fills out[i] for index i, at the skewed cost.
func suiteSkewed(out []uint64) func(i int) {
	return func(i int) {
		if i >= suiteSlowFrom && i < suiteSlowTo {
			out[i] = suiteKnead(uint64(i))
			return
		}
		out[i] = uint64(i) * 0x9E3779B97F4A7C15
	}
}

func TestSpeedupSkewedWorkUsesEveryCPU(t *testing.T) {
	want := make([]uint64, suiteN)
	fill := suiteSkewed(want)
	for i := range suiteN {
		fill(i)
	}
	out := make([]uint64, suiteN)
	body := suiteSkewed(out)
	workers := runtime.NumCPU()
	katatest.Speedup(t, "10-balance", katatest.Work{
		Run: func() {
			clear(out)
			For(suiteN, workers, body)
			if !slices.Equal(want, out) {
				t.Fatalf("For(%d, %d, body) left some indices undone (or done wrong) during the measurement", suiteN, workers)
			}
		},
		Sequential: func() {
			clear(out)
			for i := range suiteN {
				body(i)
			}
		},
	})
}
