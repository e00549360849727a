package pipeline

import (
	"cmp"
	"context"
	"fmt"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	gocmp "github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of the line:
//   - correctness: every order becomes exactly one parcel with the right label
//     (compared as a multiset: places are ordering's business); each stage works
//     on its own with a channel the test feeds; every stage closes its output
//     when its input ends, and when ctx ends even if its input stays open;
//   - ordering: first in, first out, through each stage and end to end;
//   - leaks: once the last parcel is out, or once ctx is cancelled and nobody
//     reads any more, no goroutine of the line is left.
// Every test but the real-time scenario runs in a katatest.Bubble, where time
// is fake: waiting "an hour" for a channel that is never closed costs no real
// time, so a stage that forgets to close its output fails with a message
// instead of hanging.

var (
	suiteBreads    = []string{"rye", "sourdough", "bagel", "ciabatta", "pita"}
	suiteFillings  = []string{"pastrami", "egg salad", "lox", "turkey", "hummus", "tuna melt"}
	suiteByOrderID = cmpopts.SortSlices(func(a, b Parcel) bool {
		return cmp.Or(cmp.Compare(a.OrderID, b.OrderID), cmp.Compare(a.Label, b.Label)) < 0
	})
)

// suiteOrders returns n orders (n <= 1009) with distinct IDs in a scrambled but
// fixed order, and a mix of breads and fillings.
func suiteOrders(n int) []Order {
	orders := make([]Order, n)
	for i := range orders {
		orders[i] = Order{
			ID:      (i*389)%1009 + 1,
			Bread:   suiteBreads[i%len(suiteBreads)],
			Filling: suiteFillings[(i/2)%len(suiteFillings)],
		}
	}
	return orders
}

func suiteSandwichFor(o Order) Sandwich {
	return Sandwich{OrderID: o.ID, Desc: o.Bread + " with " + o.Filling}
}

func suiteParcelFor(s Sandwich) Parcel {
	return Parcel{OrderID: s.OrderID, Label: fmt.Sprintf("#%d %s", s.OrderID, s.Desc)}
}

func suiteSandwichesFor(orders []Order) []Sandwich {
	out := make([]Sandwich, len(orders))
	for i, o := range orders {
		out[i] = suiteSandwichFor(o)
	}
	return out
}

func suiteParcelsFor(orders []Order) []Parcel {
	out := make([]Parcel, len(orders))
	for i, o := range orders {
		out[i] = suiteParcelFor(suiteSandwichFor(o))
	}
	return out
}

// suiteFeed returns a channel holding vs, already closed when closed is set.
// It needs no goroutine: the channel has room for every value.
func suiteFeed[T any](vs []T, closed bool) chan T {
	ch := make(chan T, len(vs))
	for _, v := range vs {
		ch <- v
	}
	if closed {
		close(ch)
	}
	return ch
}

// suiteCollect receives from ch until it is closed, waiting at most an hour of
// fake time for each value. closed is false if ch was still open after that hour.
func suiteCollect[T any](ch <-chan T) (got []T, closed bool) {
	for {
		select {
		case v, ok := <-ch:
			if !ok {
				return got, true
			}
			got = append(got, v)
		case <-time.After(time.Hour):
			return got, false
		}
	}
}

// suiteCollectOne receives one value from ch, waiting at most an hour of fake
// time. more is false if ch was closed, or still empty and open after that hour.
func suiteCollectOne[T any](ch <-chan T) (v T, more bool) {
	select {
	case v, more = <-ch:
		return v, more
	case <-time.After(time.Hour):
		return v, false
	}
}

// suiteClosedNow waits until every other goroutine of the bubble is blocked or
// gone, then reports whether ch is closed, reading past any values still
// waiting in its buffer but never waiting for a new one.
func suiteClosedNow[T any](ch <-chan T) bool {
	synctest.Wait()
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return true
			}
		default:
			return false
		}
	}
}

// suiteDrain throws away what comes out of ch until ch is closed or an hour of
// fake time passes without a value. Tests defer it so that a stage a wrong
// solution left blocked on a send can finish, and the test reports its own
// failure rather than synctest's "blocked goroutines remain".
func suiteDrain[T any](ch <-chan T) {
	suiteCollect(ch)
}

// suiteLine is a whole line, Take then Make then Wrap, with its three channels.
type suiteLine struct {
	cancel     context.CancelFunc
	orders     <-chan Order
	sandwiches <-chan Sandwich
	parcels    <-chan Parcel
}

func suiteStartLine(ctx context.Context, orders []Order) *suiteLine {
	ctx, cancel := context.WithCancel(ctx)
	l := &suiteLine{cancel: cancel}
	l.orders = Take(ctx, orders)
	l.sandwiches = Make(ctx, l.orders)
	l.parcels = Wrap(ctx, l.sandwiches)
	return l
}

// clear cancels the line and drains its three channels at once, so that every
// stage can end whatever it is blocked on.
func (l *suiteLine) clear() {
	l.cancel()
	var wg sync.WaitGroup
	wg.Go(func() { suiteDrain(l.orders) })
	wg.Go(func() { suiteDrain(l.sandwiches) })
	wg.Go(func() { suiteDrain(l.parcels) })
	wg.Wait()
}

// --- correctness ---------------------------------------------------------

func TestCorrectEveryOrderBecomesExactlyOneParcel(t *testing.T) {
	tests := []struct {
		name   string
		orders []Order
	}{
		{"one order", []Order{{ID: 7, Bread: "rye", Filling: "pastrami"}}},
		{"a handful of orders", suiteOrders(6)},
		{"two hundred orders", suiteOrders(200)},
		{"orders sharing an ID each get a parcel", []Order{
			{ID: 3, Bread: "rye", Filling: "lox"},
			{ID: 3, Bread: "rye", Filling: "lox"},
			{ID: 3, Bread: "bagel", Filling: "tuna melt"},
		}},
		{"odd fields are kept as they are", []Order{
			{ID: 0, Bread: "pita", Filling: ""},
			{ID: -4, Bread: "", Filling: "hummus"},
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := suiteStartLine(t.Context(), tc.orders)
				defer l.clear()
				got, closed := suiteCollect(l.parcels)
				assert.True(t, closed, "the line must close its parcel channel after the last parcel")
				assert.Empty(t, gocmp.Diff(suiteParcelsFor(tc.orders), got, suiteByOrderID),
					"one parcel per order, labelled \"#<ID> <bread> with <filling>\" (-want +got, order ignored here)")
			})
		})
	}
}

func TestCorrectALabelReadsHashIDBreadWithFilling(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := suiteStartLine(t.Context(), []Order{{ID: 42, Bread: "sourdough", Filling: "egg salad"}})
		defer l.clear()
		got, closed := suiteCollect(l.parcels)
		assert.True(t, closed, "the line must close its parcel channel after the last parcel")
		assert.Empty(t, gocmp.Diff([]Parcel{{OrderID: 42, Label: "#42 sourdough with egg salad"}}, got),
			"the parcel for order 42, sourdough with egg salad (-want +got)")
	})
}

func TestCorrectNoOrdersCloseTheLineAtOnce(t *testing.T) {
	for _, tc := range []struct {
		name   string
		orders []Order
	}{
		{"nil orders", nil},
		{"an empty slice of orders", []Order{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				start := time.Now()
				taken, closed := suiteCollect(Take(t.Context(), tc.orders))
				assert.True(t, closed, "Take must close its channel when there are no orders")
				assert.Empty(t, taken, "Take sent orders it was never given")
				assert.Equal(t, time.Duration(0), time.Since(start), "with no orders, Take's channel must be closed at once")

				l := suiteStartLine(t.Context(), tc.orders)
				defer l.clear()
				got, closed := suiteCollect(l.parcels)
				assert.True(t, closed, "with no orders the whole line must close")
				assert.Empty(t, got, "no orders, no parcels")
				assert.Equal(t, time.Duration(0), time.Since(start), "with no orders, the line must close at once")
			})
		})
	}
}

func TestCorrectEachStageWorksOnItsOwn(t *testing.T) {
	orders := suiteOrders(40)
	t.Run("Take sends every order, then closes", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ch := Take(t.Context(), orders)
			defer suiteDrain(ch)
			got, closed := suiteCollect(ch)
			assert.True(t, closed, "Take must close its channel after the last order")
			assert.Empty(t, gocmp.Diff(orders, got, cmpopts.SortSlices(func(a, b Order) bool { return a.ID < b.ID })),
				"the orders Take sent (-want +got, order ignored here)")
		})
	})
	t.Run("Make turns every order it is fed into a sandwich, then closes", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ch := Make(t.Context(), suiteFeed(orders, true))
			defer suiteDrain(ch)
			got, closed := suiteCollect(ch)
			assert.True(t, closed, "Make must close its channel once its input is closed and every sandwich is out")
			assert.Empty(t, gocmp.Diff(suiteSandwichesFor(orders), got,
				cmpopts.SortSlices(func(a, b Sandwich) bool { return a.OrderID < b.OrderID })),
				"one sandwich per order, Desc \"<bread> with <filling>\" (-want +got, order ignored here)")
		})
	})
	t.Run("Wrap labels every sandwich it is fed, then closes", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ch := Wrap(t.Context(), suiteFeed(suiteSandwichesFor(orders), true))
			defer suiteDrain(ch)
			got, closed := suiteCollect(ch)
			assert.True(t, closed, "Wrap must close its channel once its input is closed and every parcel is out")
			assert.Empty(t, gocmp.Diff(suiteParcelsFor(orders), got, suiteByOrderID),
				"one parcel per sandwich, Label \"#<ID> <desc>\" (-want +got, order ignored here)")
		})
	})
	t.Run("Make and Wrap close at once on an input closed empty", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			sandwiches := Make(t.Context(), suiteFeed[Order](nil, true))
			parcels := Wrap(t.Context(), suiteFeed[Sandwich](nil, true))
			defer suiteDrain(sandwiches)
			defer suiteDrain(parcels)
			assert.True(t, suiteClosedNow(sandwiches), "Make must close its channel as soon as its input is closed")
			assert.True(t, suiteClosedNow(parcels), "Wrap must close its channel as soon as its input is closed")
		})
	})
}

func TestCorrectEveryStageClosesItsOutputOnceTheContextEnds(t *testing.T) {
	one := suiteOrders(1)
	t.Run("Take, with orders nobody reads", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			ch := Take(ctx, suiteOrders(5))
			defer suiteDrain(ch)
			time.Sleep(time.Second) // the stage is now blocked, handing over its value
			cancel()
			assert.True(t, suiteClosedNow(ch), "Take must close its channel once ctx has ended, even if nobody reads")
		})
	})
	t.Run("Make, with an input that stays open and empty", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			feed := make(chan Order)
			ch := Make(ctx, feed)
			defer suiteDrain(ch)
			defer close(feed)
			synctest.Wait()
			cancel()
			assert.True(t, suiteClosedNow(ch), "Make must close its channel once ctx has ended, even if its input is never closed")
		})
	})
	t.Run("Make, holding a sandwich nobody takes", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			feed := suiteFeed(one, false)
			ch := Make(ctx, feed)
			defer suiteDrain(ch)
			defer close(feed)
			time.Sleep(time.Second) // the stage is now blocked, handing over its value
			cancel()
			assert.True(t, suiteClosedNow(ch), "Make must close its channel once ctx has ended, even if nobody reads")
		})
	})
	t.Run("Wrap, with an input that stays open and empty", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			feed := make(chan Sandwich)
			ch := Wrap(ctx, feed)
			defer suiteDrain(ch)
			defer close(feed)
			synctest.Wait()
			cancel()
			assert.True(t, suiteClosedNow(ch), "Wrap must close its channel once ctx has ended, even if its input is never closed")
		})
	})
	t.Run("Wrap, holding a parcel nobody takes", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			feed := suiteFeed(suiteSandwichesFor(one), false)
			ch := Wrap(ctx, feed)
			defer suiteDrain(ch)
			defer close(feed)
			time.Sleep(time.Second) // the stage is now blocked, handing over its value
			cancel()
			assert.True(t, suiteClosedNow(ch), "Wrap must close its channel once ctx has ended, even if nobody reads")
		})
	})
	t.Run("the whole line, cancelled midway", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := suiteStartLine(t.Context(), suiteOrders(50))
			defer l.clear()
			for range 10 {
				<-l.parcels
			}
			l.cancel()
			assert.True(t, suiteClosedNow(l.parcels), "the line must close its parcel channel once ctx has ended")
		})
	})
}

// TestCorrectAPatientCustomerIsServedInRealTime runs the whole line for a
// customer who takes a moment over each parcel. It is also the workload
// `grader trace 04` draws: each order handed on from stage to stage, and the
// three stages waiting on their channels for the customer to take the next.
func TestCorrectAPatientCustomerIsServedInRealTime(t *testing.T) {
	orders := suiteOrders(30)
	katatest.Traced(t, func() {
		// Real time, not a bubble: a line that never closes its parcel
		// channel hangs here, and the grader's run limit shows where.
		ctx := t.Context()
		var got []Parcel
		for p := range Wrap(ctx, Make(ctx, Take(ctx, orders))) {
			time.Sleep(500 * time.Microsecond) // the customer reads the label
			got = append(got, p)
		}
		assert.Empty(t, gocmp.Diff(suiteParcelsFor(orders), got, suiteByOrderID),
			"one parcel per order (-want +got, order ignored here)")
	})
}

// --- ordering ------------------------------------------------------------

func TestOrderParcelsComeOutInTheOrderTheOrdersWentIn(t *testing.T) {
	tests := []struct {
		name   string
		orders []Order
	}{
		{"a handful of orders", suiteOrders(8)},
		{"orders whose IDs go down", []Order{
			{ID: 9, Bread: "rye", Filling: "lox"}, {ID: 5, Bread: "pita", Filling: "hummus"},
			{ID: 2, Bread: "bagel", Filling: "lox"}, {ID: 1, Bread: "rye", Filling: "turkey"},
		}},
		{"five hundred orders", suiteOrders(500)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := suiteStartLine(t.Context(), tc.orders)
				defer l.clear()
				got, closed := suiteCollect(l.parcels)
				require.True(t, closed, "the line must close its parcel channel after the last parcel")
				assert.Empty(t, gocmp.Diff(suiteParcelsFor(tc.orders), got),
					"parcels must come out first in, first out: in the order of the orders (-want +got)")
			})
		})
	}
}

func TestOrderEachStageIsFirstInFirstOut(t *testing.T) {
	orders := suiteOrders(300)
	t.Run("Take sends the orders in slice order", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ch := Take(t.Context(), orders)
			defer suiteDrain(ch)
			got, closed := suiteCollect(ch)
			require.True(t, closed, "Take must close its channel after the last order")
			assert.Empty(t, gocmp.Diff(orders, got), "orders must come out in slice order (-want +got)")
		})
	})
	t.Run("Make keeps the order of its input", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ch := Make(t.Context(), suiteFeed(orders, true))
			defer suiteDrain(ch)
			got, closed := suiteCollect(ch)
			require.True(t, closed, "Make must close its channel after the last sandwich")
			assert.Empty(t, gocmp.Diff(suiteSandwichesFor(orders), got), "sandwiches must come out in the order of the orders (-want +got)")
		})
	})
	t.Run("Wrap keeps the order of its input", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ch := Wrap(t.Context(), suiteFeed(suiteSandwichesFor(orders), true))
			defer suiteDrain(ch)
			got, closed := suiteCollect(ch)
			require.True(t, closed, "Wrap must close its channel after the last parcel")
			assert.Empty(t, gocmp.Diff(suiteParcelsFor(orders), got), "parcels must come out in the order of the sandwiches (-want +got)")
		})
	})
}

func TestOrderASlowReaderStillGetsFirstInFirstOut(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		orders := suiteOrders(60)
		l := suiteStartLine(t.Context(), orders)
		defer l.clear()
		var got []Parcel
		for i := 0; ; i++ {
			time.Sleep(time.Duration(i%3) * time.Millisecond) // the counter hands parcels over at an uneven pace
			p, more := suiteCollectOne(l.parcels)
			if !more {
				break
			}
			got = append(got, p)
		}
		assert.Empty(t, gocmp.Diff(suiteParcelsFor(orders), got), "parcels must come out in the order of the orders (-want +got)")
	})
}

// --- leaks ---------------------------------------------------------------

func TestLeakNoStageOutlivesTheLastParcel(t *testing.T) {
	for _, n := range []int{0, 1, 25} {
		t.Run(fmt.Sprintf("%d orders", n), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				// ctx stays live: the stages must stop because their input ended.
				l := suiteStartLine(t.Context(), suiteOrders(n))
				defer l.clear()
				got, closed := suiteCollect(l.parcels)
				require.True(t, closed, "the line must close its parcel channel after the last parcel")
				require.Len(t, got, n, "parcels")
				katatest.NoLeaks(t)
			})
		})
	}
}

func TestLeakCancellingMidwayStopsEveryStage(t *testing.T) {
	for _, read := range []int{0, 1, 30} {
		t.Run(fmt.Sprintf("cancelled after %d parcels, then nobody reads", read), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := suiteStartLine(t.Context(), suiteOrders(100))
				defer l.clear()
				for range read {
					<-l.parcels
				}
				time.Sleep(time.Second) // every stage is now blocked, handing over its next value
				l.cancel()
				katatest.NoLeaks(t)
			})
		})
	}
}

func TestLeakAnAlreadyCancelledLineStopsAtOnce(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(t.Context())
		cancel()
		l := suiteStartLine(ctx, suiteOrders(20))
		defer l.clear()
		katatest.NoLeaks(t)
	})
}

func TestLeakAStageOnItsOwnExitsOnceTheContextEnds(t *testing.T) {
	one := suiteOrders(1)
	t.Run("Take, with orders nobody reads", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			ch := Take(ctx, suiteOrders(5))
			defer suiteDrain(ch)
			time.Sleep(time.Second) // the stage is now blocked, handing over its value
			cancel()
			katatest.NoLeaks(t)
		})
	})
	t.Run("Make, with an input that stays open", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			feed := suiteFeed(one, false)
			ch := Make(ctx, feed)
			defer suiteDrain(ch)
			defer close(feed)
			<-ch
			synctest.Wait()
			cancel()
			katatest.NoLeaks(t)
		})
	})
	t.Run("Make, holding a sandwich nobody takes", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			ch := Make(ctx, suiteFeed(one, true))
			defer suiteDrain(ch)
			time.Sleep(time.Second) // the stage is now blocked, handing over its value
			cancel()
			katatest.NoLeaks(t)
		})
	})
	t.Run("Wrap, with an input that stays open", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			feed := suiteFeed(suiteSandwichesFor(one), false)
			ch := Wrap(ctx, feed)
			defer suiteDrain(ch)
			defer close(feed)
			<-ch
			synctest.Wait()
			cancel()
			katatest.NoLeaks(t)
		})
	})
	t.Run("Wrap, holding a parcel nobody takes", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			ctx, cancel := context.WithCancel(t.Context())
			ch := Wrap(ctx, suiteFeed(suiteSandwichesFor(one), true))
			defer suiteDrain(ch)
			time.Sleep(time.Second) // the stage is now blocked, handing over its value
			cancel()
			katatest.NoLeaks(t)
		})
	})
}

func TestLeakAStageExitsWhenItsContextEndedWithAValueWaitingAtItsInput(t *testing.T) {
	// With ctx ended and a value waiting at its input, a stage may take the
	// value or see the end first: select picks at random among ready cases.
	// Either way it must exit, though nobody reads its output. Every round is
	// a fresh draw.
	const rounds = 100
	t.Run("Make", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			for range rounds {
				if !suiteExitsAfterAnEndedContext(t, func(ctx context.Context) <-chan Sandwich {
					return Make(ctx, suiteFeed(suiteOrders(1), false))
				}) {
					return
				}
			}
		})
	})
	t.Run("Wrap", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			for range rounds {
				if !suiteExitsAfterAnEndedContext(t, func(ctx context.Context) <-chan Parcel {
					return Wrap(ctx, suiteFeed(suiteSandwichesFor(suiteOrders(1)), false))
				}) {
					return
				}
			}
		})
	})
}

// suiteExitsAfterAnEndedContext starts a stage on a context that has already
// ended, never reads its output, and reports whether the stage left no
// goroutine behind.
func suiteExitsAfterAnEndedContext[T any](t *testing.T, start func(context.Context) <-chan T) bool {
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	ch := start(ctx)
	defer suiteDrain(ch)
	katatest.NoLeaks(t)
	return !t.Failed()
}
