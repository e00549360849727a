package kitchen

import (
	"errors"
	"fmt"
	"maps"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of Get:
//   - correctness: one cooking per dish however many customers ask at once, and
//     they all get what it returned; a kept dish is never cooked again; an error
//     reaches every customer of that cooking and is forgotten;
//   - timing: different dishes cook at the same time; customers of a dish on
//     the stove are served the moment it is ready; a kept dish is served at once;
//   - race: the whole suite runs under the race detector.
// Every test but the real-time scenario runs in a katatest.Bubble, where time
// is fake: the suite's cook sleeps, and that takes no real time at all. The
// clock moves only once every goroutine is blocked, so all the customers who
// arrive at one instant have asked for their dish before any cooking finishes.

var suiteErrBurnt = errors.New("burnt")

// suiteStove is the cook the suite gives to NewKitchen. Cooking a dish takes
// its time (a second unless set otherwise), and the result names the batch:
// "soup (batch 2)" is the second time soup was cooked. The first failures[dish]
// cookings of a dish fail with suiteErrBurnt.
type suiteStove struct {
	mu       sync.Mutex
	times    map[string]time.Duration
	failures map[string]int
	batches  map[string]int
}

func suiteNewStove() *suiteStove {
	return &suiteStove{times: map[string]time.Duration{}, failures: map[string]int{}, batches: map[string]int{}}
}

func (s *suiteStove) cook(dish string) (string, error) {
	s.mu.Lock()
	s.batches[dish]++
	batch := s.batches[dish]
	fail := s.failures[dish] > 0
	if fail {
		s.failures[dish]--
	}
	took, ok := s.times[dish]
	s.mu.Unlock()
	if !ok {
		took = time.Second
	}
	time.Sleep(took) // the suite's mutex is not held while cooking
	if fail {
		return "", fmt.Errorf("%s, batch %d: %w", dish, batch, suiteErrBurnt)
	}
	return fmt.Sprintf("%s (batch %d)", dish, batch), nil
}

// cookings returns how many times each dish has been cooked so far.
func (s *suiteStove) cookings() map[string]int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return maps.Clone(s.batches)
}

// suiteOrder is a customer asking for dish, arrive after the test's start.
type suiteOrder struct {
	dish   string
	arrive time.Duration
}

// suiteServed is what a customer got, and when (since the test's start).
type suiteServed struct {
	order  suiteOrder
	value  string
	err    error
	served time.Duration
}

// suiteOutcome describes what a customer got, for tallies and messages.
func (s suiteServed) suiteOutcome() string {
	if s.err != nil {
		return fmt.Sprintf("%s: %q and error %q", s.order.dish, s.value, s.err)
	}
	return fmt.Sprintf("%s: %q", s.order.dish, s.value)
}

// suiteServe sends every order to k from a goroutine of its own, all started
// at once (at start), each asking at start+arrive; it waits for them all and
// returns what each got, in the order of orders.
func suiteServe(k *Kitchen, start time.Time, orders []suiteOrder) []suiteServed {
	out := make([]suiteServed, len(orders))
	var wg sync.WaitGroup
	for i, o := range orders {
		wg.Go(func() {
			time.Sleep(o.arrive - time.Since(start))
			v, err := k.Get(o.dish)
			out[i] = suiteServed{order: o, value: v, err: err, served: time.Since(start)}
		})
	}
	wg.Wait()
	return out
}

// suiteCrowd is n customers for each dish, arriving at once and interleaved
// (soup, rye, soup, rye, ...).
func suiteCrowd(n int, dishes ...string) []suiteOrder {
	var orders []suiteOrder
	for range n {
		for _, d := range dishes {
			orders = append(orders, suiteOrder{dish: d})
		}
	}
	return orders
}

// suiteTally counts the customers per outcome.
func suiteTally(served []suiteServed) map[string]int {
	n := map[string]int{}
	for _, s := range served {
		n[s.suiteOutcome()]++
	}
	return n
}

// suiteGet is one customer asking in the test's own goroutine.
func suiteGet(k *Kitchen, dish string) string {
	v, err := k.Get(dish)
	return suiteServed{order: suiteOrder{dish: dish}, value: v, err: err}.suiteOutcome()
}

// --- correctness ---------------------------------------------------------

func TestCorrectTheSpecialIsCookedOnceForAHundredCustomers(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		stove := suiteNewStove()
		k := NewKitchen(stove.cook)
		served := suiteServe(k, time.Now(), suiteCrowd(100, "special"))
		assert.Empty(t, cmp.Diff(map[string]int{`special: "special (batch 1)"`: 100}, suiteTally(served)),
			"what the hundred customers got (-want +got): one cooking, the same dish for all")
		assert.Empty(t, cmp.Diff(map[string]int{"special": 1}, stove.cookings()),
			"cookings per dish (-want +got): a hundred customers asking at once, one cooking")
	})
}

func TestCorrectEveryDishIsCookedOnceForItsOwnCustomers(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		stove := suiteNewStove()
		stove.times["soup"] = 3 * time.Second
		stove.times["bagel"] = 2 * time.Second
		k := NewKitchen(stove.cook)
		dishes := []string{"rye", "soup", "bagel", "latte", "brisket"}
		served := suiteServe(k, time.Now(), suiteCrowd(20, dishes...))
		want := map[string]int{}
		cookings := map[string]int{}
		for _, d := range dishes {
			want[fmt.Sprintf("%s: %q", d, d+" (batch 1)")] = 20
			cookings[d] = 1
		}
		assert.Empty(t, cmp.Diff(want, suiteTally(served)),
			"what the customers got (-want +got): each dish cooked once, served to its own twenty customers")
		assert.Empty(t, cmp.Diff(cookings, stove.cookings()), "cookings per dish (-want +got)")
	})
}

func TestCorrectAKeptDishIsServedWithoutCookingAgain(t *testing.T) {
	t.Run("to the customer who asks again", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			stove := suiteNewStove()
			k := NewKitchen(stove.cook)
			var got []string
			for range 3 {
				got = append(got, suiteGet(k, "soup"))
			}
			want := []string{`soup: "soup (batch 1)"`, `soup: "soup (batch 1)"`, `soup: "soup (batch 1)"`}
			assert.Empty(t, cmp.Diff(want, got), "three Gets in a row (-want +got)")
			assert.Empty(t, cmp.Diff(map[string]int{"soup": 1}, stove.cookings()), "cookings per dish (-want +got)")
		})
	})
	t.Run("to customers who arrive later", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			stove := suiteNewStove()
			k := NewKitchen(stove.cook)
			orders := []suiteOrder{{dish: "soup"}, {dish: "rye", arrive: 250 * time.Millisecond}}
			for i := range 10 { // soup is kept at 1s, rye at 1.25s; these come afterwards
				orders = append(orders, suiteOrder{dish: "soup", arrive: 1100*time.Millisecond + time.Duration(i)*250*time.Millisecond})
			}
			served := suiteServe(k, time.Now(), orders)
			want := map[string]int{`soup: "soup (batch 1)"`: 11, `rye: "rye (batch 1)"`: 1}
			assert.Empty(t, cmp.Diff(want, suiteTally(served)), "what the customers got (-want +got)")
			assert.Empty(t, cmp.Diff(map[string]int{"soup": 1, "rye": 1}, stove.cookings()),
				"cookings per dish (-want +got): a kept dish is not cooked again")
		})
	})
}

func TestCorrectAnErrorReachesEveryCustomerWhoWaitedAndIsNotKept(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		stove := suiteNewStove()
		stove.failures["special"] = 1
		k := NewKitchen(stove.cook)
		served := suiteServe(k, time.Now(), suiteCrowd(50, "special", "rye"))
		burnt := 0
		for _, s := range served {
			if s.order.dish == "special" && errors.Is(s.err, suiteErrBurnt) {
				burnt++
			}
		}
		assert.Equal(t, 50, burnt, "customers of the special who got cook's error: all fifty waited for the failed cooking")
		want := map[string]int{
			`special: "" and error "special, batch 1: burnt"`: 50,
			`rye: "rye (batch 1)"`:                            50,
		}
		assert.Empty(t, cmp.Diff(want, suiteTally(served)),
			"what the customers got (-want +got): one failed cooking of the special, its error for all who waited; rye unaffected")
		assert.Empty(t, cmp.Diff(map[string]int{"special": 1, "rye": 1}, stove.cookings()),
			"cookings per dish (-want +got): the failed special was cooked once for its fifty customers")

		// The error was not kept: the next customer has the special cooked again,
		// and that success is kept.
		assert.Equal(t, `special: "special (batch 2)"`, suiteGet(k, "special"), "the Get after a failed cooking")
		served = suiteServe(k, time.Now(), suiteCrowd(10, "special"))
		assert.Empty(t, cmp.Diff(map[string]int{`special: "special (batch 2)"`: 10}, suiteTally(served)),
			"customers after the second cooking (-want +got)")
		assert.Empty(t, cmp.Diff(map[string]int{"special": 2, "rye": 1}, stove.cookings()),
			"cookings per dish (-want +got): the special is cooked again after its failure, then kept")
	})
}

func TestCorrectEveryFailureIsCookedAgainUntilASuccessIsKept(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		stove := suiteNewStove()
		stove.failures["toast"] = 2
		k := NewKitchen(stove.cook)
		var got []string
		for range 4 {
			got = append(got, suiteGet(k, "toast"))
		}
		want := []string{
			`toast: "" and error "toast, batch 1: burnt"`,
			`toast: "" and error "toast, batch 2: burnt"`,
			`toast: "toast (batch 3)"`,
			`toast: "toast (batch 3)"`,
		}
		assert.Empty(t, cmp.Diff(want, got), "four Gets in a row, the first two cookings failing (-want +got)")
		assert.Empty(t, cmp.Diff(map[string]int{"toast": 3}, stove.cookings()), "cookings per dish (-want +got)")
	})
}

func TestCorrectNoTwoCustomersEverStartTheSameDish(t *testing.T) {
	// Round after round, one customer per processor spins until all of them
	// are there and then they ask for the special at the same instant, each on
	// its own processor: a kitchen where two of them can both find the special
	// missing, and both start it, is caught doing so.
	const rounds = 10000
	customers := min(max(runtime.GOMAXPROCS(0), 2), 8)
	katatest.Bubble(t, func(t *testing.T) {
		for round := range rounds {
			stove := suiteNewStove()
			k := NewKitchen(stove.cook)
			var arrived atomic.Int32
			var wg sync.WaitGroup
			for range customers {
				wg.Go(func() {
					arrived.Add(1)
					for spins := 1; arrived.Load() < int32(customers); spins++ {
						if spins%8192 == 0 {
							runtime.Gosched() // let a customer waiting for this processor arrive
						}
					}
					k.Get("special")
				})
			}
			wg.Wait()
			require.Empty(t, cmp.Diff(map[string]int{"special": 1}, stove.cookings()),
				"round %d: cookings per dish (-want +got): %d customers asking at the same instant, one cooking", round, customers)
		}
	})
}

func TestCorrectACustomerArrivingAsTheDishIsReadyGetsTheKeptDish(t *testing.T) {
	// The special takes a second, and a crowd waits for it. At that second,
	// as the cook call is about to return, it wakes customers who spin on
	// processors of their own until it has returned, then ask for the special
	// at once (a little later each round). Whatever they meet, the dish is on
	// the stove or kept at that instant, never missing: it is cooked once.
	const rounds, waiters = 100, 100
	customers := max(runtime.GOMAXPROCS(0), 2)
	katatest.Bubble(t, func(t *testing.T) {
		for round := range rounds {
			stove := suiteNewStove()
			ready := make(chan struct{})
			readyOnce := sync.OnceFunc(func() { close(ready) }) // a wrong kitchen may cook twice
			var spins atomic.Int64
			var cooked atomic.Bool
			k := NewKitchen(func(dish string) (string, error) {
				v, err := stove.cook(dish)
				readyOnce()
				suiteSeeMoving(&spins) // the customers are spinning beside this call
				cooked.Store(true)
				return v, err
			})
			var wg sync.WaitGroup
			served := make([]string, 1+waiters+customers)
			for i := range served {
				wg.Go(func() {
					switch {
					case i == 0:
						served[i] = suiteGet(k, "special") // cooks
					case i <= waiters:
						time.Sleep(time.Second / 2)
						served[i] = suiteGet(k, "special") // waits for the pot
					default:
						<-ready
						for !cooked.Load() {
							if spins.Add(1)%8192 == 0 {
								runtime.Gosched() // lets the cook on, should it share this processor
							}
						}
						for range 1 << (round % 12) { // then a moment longer: from nanoseconds to microseconds
							cooked.Load()
						}
						served[i] = suiteGet(k, "special")
					}
				})
			}
			wg.Wait()
			require.Empty(t, cmp.Diff(map[string]int{"special": 1}, stove.cookings()),
				"round %d: cookings per dish (-want +got): customers who ask the instant the special is ready must get it, kept or on the stove", round)
			for i, got := range served {
				require.Equal(t, `special: "special (batch 1)"`, got, "round %d, customer %d", round, i)
			}
		}
	})
}

// TestCorrectALunchCrowdIsServedInRealTime has customers keep arriving for
// three dishes that take real milliseconds to cook. It is also the workload
// `grader trace 06` draws: three pots on the stove at once, the customers who
// come while a dish cooks waiting for it, and those who come later served at once.
func TestCorrectALunchCrowdIsServedInRealTime(t *testing.T) {
	const perDish = 12
	took := map[string]time.Duration{"soup": 20 * time.Millisecond, "rye": 10 * time.Millisecond, "special": 15 * time.Millisecond}
	katatest.Traced(t, func() {
		stove := suiteNewStove()
		maps.Copy(stove.times, took)
		var orders []suiteOrder
		want, cooked := map[string]int{}, map[string]int{}
		for dish := range took {
			for i := range perDish {
				orders = append(orders, suiteOrder{dish: dish, arrive: time.Duration(i) * 2500 * time.Microsecond})
			}
			want[fmt.Sprintf("%s: %q", dish, dish+" (batch 1)")], cooked[dish] = perDish, 1
		}
		served := suiteServe(NewKitchen(stove.cook), time.Now(), orders)
		assert.Empty(t, cmp.Diff(want, suiteTally(served)),
			"what the customers got (-want +got): one cooking per dish, the same dish for all")
		assert.Empty(t, cmp.Diff(cooked, stove.cookings()), "cookings per dish (-want +got)")
	})
}

// suiteSeeMoving waits until it sees n change while it watches without
// yielding, proof that whoever bumps n runs on another processor. With a
// single processor, or after a while, it gives up.
func suiteSeeMoving(n *atomic.Int64) {
	if runtime.GOMAXPROCS(0) == 1 {
		return
	}
	for range 16 {
		before := n.Load()
		for range 1 << 13 {
			if n.Load() != before {
				return
			}
		}
		runtime.Gosched()
	}
}

// --- timing --------------------------------------------------------------

func TestTimingDifferentDishesCookAtTheSameTime(t *testing.T) {
	tests := []struct {
		name  string
		times map[string]time.Duration
	}{
		{"three dishes of a second are all ready at one second", map[string]time.Duration{
			"rye": time.Second, "soup": time.Second, "bagel": time.Second,
		}},
		{"each dish is ready after its own cooking time", map[string]time.Duration{
			"rye": time.Second, "soup": 3 * time.Second, "bagel": 2 * time.Second, "latte": 500 * time.Millisecond,
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				stove := suiteNewStove()
				maps.Copy(stove.times, tc.times)
				k := NewKitchen(stove.cook)
				dishes := slices.Sorted(maps.Keys(tc.times))
				served := suiteServe(k, time.Now(), suiteCrowd(3, dishes...))
				want, got := map[string]int{}, map[string]int{}
				var sum time.Duration
				for _, d := range dishes {
					want[fmt.Sprintf("%s served at %v", d, tc.times[d])] = 3
					sum += tc.times[d]
				}
				for _, s := range served {
					require.NoError(t, s.err)
					got[fmt.Sprintf("%s served at %v", s.order.dish, s.served)]++
				}
				assert.Empty(t, cmp.Diff(want, got),
					"customers per dish and fake time of serving (-want +got): the dishes cook at the same time, "+
						"each ready after its own cooking time (one after another they would take %v)", sum)
			})
		})
	}
}

func TestTimingCustomersOfADishOnTheStoveAreServedTheMomentItIsReady(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		stove := suiteNewStove()
		stove.times["brisket"] = 3 * time.Second
		k := NewKitchen(stove.cook)
		orders := []suiteOrder{
			{dish: "brisket"},
			{dish: "brisket", arrive: time.Second},
			{dish: "brisket", arrive: 2 * time.Second},
			{dish: "brisket", arrive: 2500 * time.Millisecond},
		}
		served := suiteServe(k, time.Now(), orders)
		for _, s := range served {
			assert.Equal(t, 3*time.Second, s.served,
				"a customer arriving at %v, while the brisket cooks (from 0 to 3s), must be served at 3s", s.order.arrive)
			assert.Equal(t, `brisket: "brisket (batch 1)"`, s.suiteOutcome())
		}
		assert.Empty(t, cmp.Diff(map[string]int{"brisket": 1}, stove.cookings()), "cookings per dish (-want +got)")
	})
}

func TestTimingAKeptDishIsServedAtOnce(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		stove := suiteNewStove()
		stove.times["brisket"] = 5 * time.Second
		k := NewKitchen(stove.cook)
		orders := []suiteOrder{
			{dish: "soup"},
			{dish: "brisket", arrive: 500 * time.Millisecond}, // on the stove from 0.5s to 5.5s
			{dish: "soup", arrive: 1500 * time.Millisecond},
			{dish: "soup", arrive: 4 * time.Second},
		}
		served := suiteServe(k, time.Now(), orders)
		want := []time.Duration{time.Second, 5500 * time.Millisecond, 1500 * time.Millisecond, 4 * time.Second}
		got := make([]time.Duration, len(served))
		for i, s := range served {
			require.NoError(t, s.err)
			got[i] = s.served
		}
		assert.Empty(t, cmp.Diff(want, got),
			"when each customer was served, in fake time (-want +got): soup is kept at 1s, so later soup customers "+
				"are served as they arrive, even while the brisket cooks")
	})
}

func TestTimingAFailedDishIsCookedAfreshForTheNextCustomer(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		stove := suiteNewStove()
		stove.times["toast"] = 2 * time.Second
		stove.failures["toast"] = 1
		k := NewKitchen(stove.cook)
		orders := []suiteOrder{
			{dish: "toast"},                          // first cooking, 0 to 2s: burnt
			{dish: "toast", arrive: time.Second},     // waits for it
			{dish: "toast", arrive: 3 * time.Second}, // second cooking, 3s to 5s
			{dish: "toast", arrive: 4 * time.Second}, // waits for that one
			{dish: "toast", arrive: 6 * time.Second}, // kept by then
		}
		served := suiteServe(k, time.Now(), orders)
		want := []string{"2s burnt", "2s burnt", "5s toast (batch 2)", "5s toast (batch 2)", "6s toast (batch 2)"}
		got := make([]string, len(served))
		for i, s := range served {
			got[i] = fmt.Sprintf("%v %s", s.served, s.value)
			if s.err != nil {
				got[i] = fmt.Sprintf("%v burnt", s.served)
			}
		}
		assert.Empty(t, cmp.Diff(want, got),
			"when each customer was served, and what (-want +got): a failure is not kept, so the next customer "+
				"waits for a whole new cooking")
	})
}
