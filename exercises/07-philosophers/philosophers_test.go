package philosophers

import (
	"fmt"
	"runtime"
	"slices"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of Dine:
//   - correctness: every cook eats exactly `meals` times; two neighbours never
//     eat at once (nor does one cook twice at once); Dine returns only after
//     the last meal;
//   - timing: Dine never deadlocks, with two cooks or many, few meals or
//     thousands; cooks who share no knife can eat at the same time;
//   - race: the whole suite runs under the race detector.
//
// Every test but the real-time scenario runs in a katatest.Bubble, and nothing
// there sleeps: the cooks' knives are likely to be mutexes, and fake time
// cannot pass while a goroutine waits on a mutex, so a sleeping eat would stall
// a correct Dine. The bubble is there for its watchdog: cooks stuck for good
// (each holding one knife and waiting for the other) end the test binary
// within seconds, with a panic that names the test and shows the stuck
// goroutines. Instead of sleeping, eat yields the processor (runtime.Gosched)
// to give a neighbour every chance to barge in.

// suiteCounter is the counter the cooks work at: it counts every cook's meals
// and watches who is eating when.
type suiteCounter struct {
	n      int
	yields int            // runtime.Gosched calls inside each meal
	meals  []int          // meals[c] is written only inside eat(c); plain on purpose (see eat)
	eating []atomic.Int32 // how many calls of eat(c) are running now
	inside atomic.Int64   // calls of eat running now, all cooks together
	calls  atomic.Int64   // calls of eat so far
	clash  suiteFirst
}

func suiteNewCounter(n, yields int) *suiteCounter {
	return &suiteCounter{n: n, yields: yields, meals: make([]int, n), eating: make([]atomic.Int32, n)}
}

// eat is what Dine calls. Two calls for the same cook, or for two neighbours,
// that overlap are recorded as a clash. meals is a plain slice: a correct Dine
// orders the calls for one cook through the knives, and returns only after the
// last of them, so reading meals once Dine has returned is no data race.
func (s *suiteCounter) eat(c int) {
	s.calls.Add(1)
	if c < 0 || c >= s.n {
		s.clash.add("eat(%d) was called, but the cooks are 0 to %d", c, s.n-1)
		return
	}
	s.inside.Add(1)
	defer s.inside.Add(-1)
	if s.eating[c].Add(1) > 1 {
		s.clash.add("cook %d was eating twice at once", c)
	}
	defer s.eating[c].Add(-1)
	left, right := (c-1+s.n)%s.n, (c+1)%s.n
	for i := 0; ; i++ {
		for _, nb := range []int{left, right} {
			if s.eating[nb].Load() > 0 {
				s.clash.add("cooks %d and %d, neighbours, were eating at once", c, nb)
			}
		}
		if i == s.yields {
			break
		}
		runtime.Gosched()
	}
	s.meals[c]++
}

// check asserts what must hold once Dine has returned.
func (s *suiteCounter) check(t *testing.T, meals int) {
	t.Helper()
	assert.Zero(t, s.inside.Load(), "calls of eat still running when Dine returned")
	want := slices.Repeat([]int{max(meals, 0)}, s.n)
	assert.Empty(t, cmp.Diff(want, s.meals), "meals eaten by each cook when Dine returned (-want +got)")
	s.clash.none(t, "a knife was in two hands at once")
}

// suiteFirst remembers the first of many messages from many goroutines.
type suiteFirst struct {
	count atomic.Int64
	first atomic.Pointer[string]
}

func (f *suiteFirst) add(format string, args ...any) {
	f.count.Add(1)
	msg := fmt.Sprintf(format, args...)
	f.first.CompareAndSwap(nil, &msg)
}

func (f *suiteFirst) none(t *testing.T, what string) {
	t.Helper()
	if n := f.count.Load(); n > 0 {
		t.Errorf("%d times %s; the first: %s", n, what, *f.first.Load())
	}
}

type suiteTable struct {
	cooks, meals, yields int
}

func (tc suiteTable) String() string {
	if tc.meals == 1 {
		return fmt.Sprintf("%d cooks, one meal each", tc.cooks)
	}
	return fmt.Sprintf("%d cooks, %d meals each", tc.cooks, tc.meals)
}

// suiteTwoThreads makes sure at least two goroutines can run at the same
// instant, even on a machine (or container) with one CPU: the operating system
// then switches threads at arbitrary points, so two cooks can reach for their
// knives at the same moment, as they do on many cores.
func suiteTwoThreads(t *testing.T) {
	t.Helper()
	if old := runtime.GOMAXPROCS(0); old < 2 {
		runtime.GOMAXPROCS(2)
		t.Cleanup(func() { runtime.GOMAXPROCS(old) })
	}
}

// --- correctness ---------------------------------------------------------

func TestCorrectEveryCookEatsExactlyItsMeals(t *testing.T) {
	for _, tc := range []suiteTable{
		{2, 1, 0}, {2, 40, 0}, {3, 25, 0}, {5, 30, 1}, {12, 10, 1}, {100, 3, 0},
	} {
		t.Run(tc.String(), func(t *testing.T) {
			suiteTwoThreads(t)
			katatest.Bubble(t, func(t *testing.T) {
				s := suiteNewCounter(tc.cooks, tc.yields)
				Dine(tc.cooks, tc.meals, s.eat)
				s.check(t, tc.meals)
			})
		})
	}
}

func TestCorrectNeighboursNeverEatAtOnce(t *testing.T) {
	// Each meal yields the processor a few times while it is under way, so a
	// neighbour who can reach the knives gets every chance to start eating too.
	for _, tc := range []suiteTable{
		{2, 200, 3}, {3, 150, 3}, {4, 120, 3}, {5, 100, 3}, {9, 60, 3},
	} {
		t.Run(tc.String(), func(t *testing.T) {
			suiteTwoThreads(t)
			katatest.Bubble(t, func(t *testing.T) {
				s := suiteNewCounter(tc.cooks, tc.yields)
				Dine(tc.cooks, tc.meals, s.eat)
				s.check(t, tc.meals)
			})
		})
	}
}

func TestCorrectNoMealsMeansNoCalls(t *testing.T) {
	for _, meals := range []int{0, -3} {
		t.Run(fmt.Sprintf("%d meals", meals), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				s := suiteNewCounter(4, 0)
				Dine(4, meals, s.eat)
				assert.Zero(t, s.calls.Load(), "calls of eat with %d meals", meals)
				s.check(t, meals)
			})
		})
	}
}

func TestCorrectDineReturnsAfterTheLastMeal(t *testing.T) {
	// One cook is a slow eater: each of its meals yields the processor many
	// times. Dine must still wait for its very last meal.
	suiteTwoThreads(t)
	katatest.Bubble(t, func(t *testing.T) {
		const cooks, meals, slow = 4, 20, 2
		s := suiteNewCounter(cooks, 0)
		Dine(cooks, meals, func(c int) {
			if c == slow {
				for range 50 {
					runtime.Gosched()
				}
			}
			s.eat(c)
		})
		s.check(t, meals)
	})
}

// TestCorrectCooksTakeTheirTimeInRealTime seats five cooks whose meals take a
// real millisecond. It is also the workload `grader trace 07` draws: cooks who
// share no knife eating at the same time, neighbours waiting on each other's knives.
func TestCorrectCooksTakeTheirTimeInRealTime(t *testing.T) {
	const cooks, meals = 5, 8
	var s *suiteCounter
	katatest.Traced(t, func() {
		// Real time, no bubble and so no watchdog: cooks stuck for good hang
		// here, and the grader's run limit shows where each one waits.
		s = suiteNewCounter(cooks, 0)
		Dine(cooks, meals, func(c int) {
			time.Sleep(time.Millisecond) // the meal, both knives in hand
			s.eat(c)
		})
	})
	s.check(t, meals)
}

// --- timing --------------------------------------------------------------

func TestTimingDineNeverDeadlocks(t *testing.T) {
	// Many meals in a row give the cooks many chances to each pick up one knife
	// at the same moment; a Dine that lets them all wait for the other knife
	// deadlocks, and the Bubble's watchdog ends the test binary.
	for _, tc := range []suiteTable{
		{2, 3000, 0}, {2, 1500, 1}, {3, 2000, 0}, {5, 800, 1}, {32, 100, 1},
	} {
		t.Run(tc.String(), func(t *testing.T) {
			suiteTwoThreads(t)
			katatest.Bubble(t, func(t *testing.T) {
				s := suiteNewCounter(tc.cooks, tc.yields)
				Dine(tc.cooks, tc.meals, s.eat)
				assert.Equal(t, int64(tc.cooks*tc.meals), s.calls.Load(), "calls of eat")
			})
		})
	}
}

func TestTimingCooksWhoShareNoKnifeCanEatAtTheSameTime(t *testing.T) {
	// With eight or twelve cooks, many pairs share no knife. Each meal lingers,
	// yielding the processor (never sleeping, never waiting for anyone), until
	// some other cook is eating too or its patience runs out: nothing here can
	// stall a correct Dine. One that lets cooks far apart eat together shows
	// two meals at once early on; one lock around all eating never does. (With
	// four cooks, a correct Dine can fall into a rotation in which the cooks
	// who hold one knife and wait for the other leave only one cook able to
	// eat, so the test asks more cooks.)
	const meals, patience = 20, 1000
	for _, cooks := range []int{8, 12} {
		t.Run(fmt.Sprintf("%d cooks", cooks), func(t *testing.T) {
			suiteTwoThreads(t)
			katatest.Bubble(t, func(t *testing.T) {
				var at katatest.Gauge
				Dine(cooks, meals, func(int) {
					at.Enter()
					defer at.Exit()
					for i := 0; i < patience && at.Max() < 2; i++ {
						runtime.Gosched()
					}
				})
				assert.GreaterOrEqual(t, at.Max(), 2,
					"most cooks eating at once, with %d cooks eating %d meals each: cooks who share no knife must be able to eat together", cooks, meals)
			})
		})
	}
}
