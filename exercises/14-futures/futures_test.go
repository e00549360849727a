package futures

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// Most tests run inside katatest.Bubble, where time is fake: time.Sleep returns
// as soon as every goroutine of the bubble is blocked, with exactly the time
// asked for gone by, and time.Since measures that fake time.

var (
	suiteErrBurnt   = errors.New("the toast is burnt")
	suiteErrNoBagel = errors.New("out of bagels")
)

// suiteDish is one order for the kitchen: after `after` it is ready, or it fails
// with err.
type suiteDish struct {
	name  string
	after time.Duration
	err   error
}

// suiteCook hands the dish to the kitchen and returns its ticket.
func suiteCook(d suiteDish) *Future[string] {
	return Async(func() (string, error) {
		time.Sleep(d.after)
		if d.err != nil {
			return "", d.err
		}
		return d.name, nil
	})
}

func suiteCookAll(dishes ...suiteDish) []*Future[string] {
	fs := make([]*Future[string], len(dishes))
	for i, d := range dishes {
		fs[i] = suiteCook(d)
	}
	return fs
}

// suiteNames returns the names of dishes, in their order.
func suiteNames(dishes ...suiteDish) []string {
	out := make([]string, len(dishes))
	for i, d := range dishes {
		out[i] = d.name
	}
	return out
}

// suiteReady returns the value of a future that must already be complete.
func suiteReady(t *testing.T, f *Future[string]) string {
	t.Helper()
	select {
	case <-f.Done():
	default:
		t.Fatalf("a future was handed over before it completed")
	}
	v, _ := f.Await(context.Background())
	return v
}

// suiteNext receives the next future from ch, waiting at most a fake hour. ok is
// false once ch is closed.
func suiteNext(t *testing.T, ch <-chan *Future[string]) (f *Future[string], ok bool) {
	t.Helper()
	select {
	case f, ok = <-ch:
		return f, ok
	case <-time.After(time.Hour):
		t.Fatalf("AsCompleted sent nothing and did not close its channel within an hour")
		return nil, false
	}
}

// suiteDrain receives from ch until it is closed, waiting at most a fake hour for
// each receive, and returns the names of the futures it got.
func suiteDrain(t *testing.T, ch <-chan *Future[string]) []string {
	t.Helper()
	var got []string
	for {
		f, ok := suiteNext(t, ch)
		if !ok {
			return got
		}
		got = append(got, suiteReady(t, f))
	}
}

// suiteClosedNow reports whether ch is closed right now, with nothing left in it.
func suiteClosedNow(ch <-chan *Future[string]) bool {
	select {
	case _, ok := <-ch:
		return !ok
	default:
		return false
	}
}

// suiteClosingTime lets every dish still in the kitchen finish. A bubble's clock
// stops once its body returns, so a test that leaves futures sleeping defers it.
func suiteClosingTime() { time.Sleep(24 * time.Hour) }

// ---- correctness -----------------------------------------------------------

func TestCorrectAwaitReturnsWhatTheFunctionReturned(t *testing.T) {
	t.Run("a value", func(t *testing.T) {
		f := Async(func() (int, error) { return 42, nil })
		v, err := f.Await(context.Background())
		require.NoError(t, err)
		assert.Equal(t, 42, v)
	})
	t.Run("an error", func(t *testing.T) {
		f := Async(func() (int, error) { return 0, suiteErrBurnt })
		_, err := f.Await(context.Background())
		assert.ErrorIs(t, err, suiteErrBurnt)
	})
	t.Run("a value together with an error", func(t *testing.T) {
		f := Async(func() (string, error) { return "half a sandwich", suiteErrNoBagel })
		v, err := f.Await(context.Background())
		assert.ErrorIs(t, err, suiteErrNoBagel)
		assert.Equal(t, "half a sandwich", v)
	})
	t.Run("a struct value", func(t *testing.T) {
		type receipt struct {
			Order int
			Items []string
		}
		want := receipt{Order: 7, Items: []string{"rye", "pastrami"}}
		f := Async(func() (receipt, error) { return want, nil })
		got, err := f.Await(context.Background())
		require.NoError(t, err)
		assert.Empty(t, cmp.Diff(want, got), "Await's value (-want +got)")
	})
}

func TestCorrectAsyncStartsAtOnceAndRunsExactlyOnce(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		var calls atomic.Int32
		var startedAfter atomic.Int64
		f := Async(func() (int, error) {
			startedAfter.Store(int64(time.Since(start)))
			calls.Add(1)
			time.Sleep(time.Second)
			return 1, nil
		})
		time.Sleep(2 * time.Second) // nobody awaits: the function must run anyway
		require.Equal(t, int32(1), calls.Load(), "f must run once, straight away, even if nobody awaits it")
		assert.Equal(t, time.Duration(0), time.Duration(startedAfter.Load()), "f must start as soon as Async is called")
		for range 5 {
			v, err := f.Await(context.Background())
			require.NoError(t, err)
			require.Equal(t, 1, v)
		}
		assert.Equal(t, int32(1), calls.Load(), "awaiting a future must not run its function again")
	})
}

func TestCorrectAwaitGivesEveryCallerTheSameResult(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		var calls atomic.Int32
		f := Async(func() ([]string, error) {
			calls.Add(1)
			time.Sleep(time.Second)
			return []string{"bagel", "lox"}, suiteErrNoBagel
		})
		const callers = 100
		values := make([][]string, callers)
		errs := make([]error, callers)
		var wg sync.WaitGroup
		for i := range callers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				values[i], errs[i] = f.Await(context.Background())
			}()
		}
		wg.Wait()
		for i := range callers {
			require.ErrorIs(t, errs[i], suiteErrNoBagel, "caller %d", i)
			require.Empty(t, cmp.Diff([]string{"bagel", "lox"}, values[i]), "caller %d's value (-want +got)", i)
		}
		for range 3 { // and again, once it is done
			v, err := f.Await(context.Background())
			require.ErrorIs(t, err, suiteErrNoBagel)
			require.Empty(t, cmp.Diff([]string{"bagel", "lox"}, v), "value of a later Await (-want +got)")
		}
		assert.Equal(t, int32(1), calls.Load(), "the function must run once however many callers await it")
	})
}

func TestCorrectAwaitReturnsAReadyResultEvenIfContextEnded(t *testing.T) {
	f := Async(func() (string, error) { return "soup", nil })
	_, err := f.Await(context.Background())
	require.NoError(t, err)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	// A select that picks at random between a ready result and an ended context
	// fails this loop almost surely.
	for i := range 100 {
		v, err := f.Await(ctx)
		require.NoError(t, err, "Await %d: the future was complete, so its result must win over the ended context", i)
		require.Equal(t, "soup", v)
	}
}

func TestCorrectAwaitReturnsContextErrorAndTheFutureKeepsRunning(t *testing.T) {
	t.Run("context cancelled before Await", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			f := suiteCook(suiteDish{name: "stew", after: 2 * time.Second})
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			v, err := f.Await(ctx)
			require.ErrorIs(t, err, context.Canceled)
			assert.Empty(t, v, "Await must return the zero value with ctx.Err()")

			v, err = f.Await(context.Background())
			require.NoError(t, err, "the future must keep running after an Await gave up")
			assert.Equal(t, "stew", v)
		})
	})
	t.Run("context deadline while waiting", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			f := suiteCook(suiteDish{name: "stew", after: 2 * time.Second})
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			v, err := f.Await(ctx)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Empty(t, v, "Await must return the zero value with ctx.Err()")

			v, err = f.Await(context.Background())
			require.NoError(t, err, "the future must keep running after an Await gave up")
			assert.Equal(t, "stew", v)
		})
	})
}

func TestCorrectDoneIsClosedOnlyOnceTheFunctionReturned(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		f := suiteCook(suiteDish{name: "latte", after: time.Second})
		done := f.Done()
		require.True(t, done == f.Done(), "Done must return the same channel every time")
		select {
		case <-done:
			t.Fatal("Done was closed before the function returned")
		default:
		}
		<-done
		assert.Equal(t, "latte", suiteReady(t, f))
		<-f.Done() // a closed channel stays closed
	})
}

func TestCorrectGatherReturnsEveryValue(t *testing.T) {
	cases := []struct {
		name   string
		dishes []suiteDish
	}{
		{"no futures", nil},
		{"one future", []suiteDish{{name: "rye", after: time.Second}}},
		{"several futures", []suiteDish{
			{name: "rye", after: time.Second},
			{name: "sourdough", after: 2 * time.Second},
			{name: "bagel", after: 3 * time.Second},
			{name: "challah", after: 4 * time.Second},
		}},
		{"futures completing at once", []suiteDish{{name: "rye"}, {name: "bagel"}, {name: "kaiser"}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				got, err := Gather(context.Background(), suiteCookAll(tc.dishes...)...)
				require.NoError(t, err)
				require.NotNil(t, got, "Gather must return a non-nil slice on success")
				assert.Empty(t, cmp.Diff(suiteNames(tc.dishes...), got), "Gather's values (-want +got)")
			})
		})
	}
}

func TestCorrectGatherAcceptsTheSameFutureTwice(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		rye := suiteCook(suiteDish{name: "rye", after: time.Second})
		bagel := suiteCook(suiteDish{name: "bagel", after: 2 * time.Second})
		got, err := Gather(context.Background(), rye, bagel, rye)
		require.NoError(t, err)
		assert.Empty(t, cmp.Diff([]string{"rye", "bagel", "rye"}, got), "Gather's values (-want +got)")
	})
}

func TestCorrectGatherReturnsTheErrorThatHappenedFirst(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		fs := suiteCookAll(
			suiteDish{name: "rye", after: 3 * time.Second},
			suiteDish{name: "bagel", after: 2 * time.Second, err: suiteErrNoBagel},
			suiteDish{name: "toast", after: time.Second, err: suiteErrBurnt},
			suiteDish{name: "soup", after: 4 * time.Second},
		)
		got, err := Gather(context.Background(), fs...)
		require.ErrorIs(t, err, suiteErrBurnt, "the first failure in time wins, not the first in input order nor the last")
		assert.Nil(t, got, "Gather must return a nil slice with an error")
	})
}

func TestCorrectGatherReturnsTheContextError(t *testing.T) {
	t.Run("deadline", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			fs := suiteCookAll(suiteDish{name: "rye", after: time.Second}, suiteDish{name: "brisket", after: time.Hour})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			got, err := Gather(ctx, fs...)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Nil(t, got, "Gather must return a nil slice with an error")
		})
	})
	t.Run("cancel", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			fs := suiteCookAll(suiteDish{name: "rye", after: time.Second}, suiteDish{name: "brisket", after: time.Hour})
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(time.Minute, cancel)
			got, err := Gather(ctx, fs...)
			require.ErrorIs(t, err, context.Canceled)
			assert.Nil(t, got, "Gather must return a nil slice with an error")
		})
	})
}

func TestCorrectAsCompletedSendsEachFutureOnceThenCloses(t *testing.T) {
	t.Run("no futures", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			ch := AsCompleted[string](context.Background())
			assert.Empty(t, suiteDrain(t, ch), "nothing to send")
		})
	})
	t.Run("several futures", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			dishes := []suiteDish{
				{name: "rye", after: time.Second},
				{name: "toast", after: 2 * time.Second, err: suiteErrBurnt},
				{name: "bagel", after: 3 * time.Second},
			}
			fs := suiteCookAll(dishes...)
			got := suiteDrain(t, AsCompleted(context.Background(), fs...))
			assert.Empty(t, cmp.Diff([]string{"rye", "", "bagel"}, got), "futures received, by value (-want +got)")
		})
	})
	t.Run("the same future twice", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			rye := suiteCook(suiteDish{name: "rye", after: time.Second})
			bagel := suiteCook(suiteDish{name: "bagel", after: 2 * time.Second})
			got := suiteDrain(t, AsCompleted(context.Background(), rye, bagel, rye))
			assert.Empty(t, cmp.Diff([]string{"rye", "rye", "bagel"}, got), "futures received, by value (-want +got)")
		})
	})
}

func TestCorrectAsCompletedSendsNothingOnceContextEnded(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		fs := suiteCookAll(
			suiteDish{name: "rye", after: time.Second},
			suiteDish{name: "bagel", after: 2 * time.Second},
			suiteDish{name: "soup", after: 3 * time.Second},
			suiteDish{name: "stew", after: 4 * time.Second},
		)
		ctx, cancel := context.WithCancel(context.Background())
		ch := AsCompleted(ctx, fs...)
		var got []string
		for range 2 {
			f, ok := suiteNext(t, ch)
			require.True(t, ok, "the channel was closed too early")
			got = append(got, suiteReady(t, f))
		}
		time.Sleep(500 * time.Millisecond)
		cancel()
		got = append(got, suiteDrain(t, ch)...)
		assert.Empty(t, cmp.Diff([]string{"rye", "bagel"}, got),
			"futures completing after ctx ended must not be sent (-want +got)")
	})
}

func TestCorrectFuturesCanBeSharedByManyWaiters(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		dishes := []suiteDish{
			{name: "rye", after: 3 * time.Second},
			{name: "bagel", after: time.Second},
			{name: "soup", after: 2 * time.Second},
		}
		fs := suiteCookAll(dishes...)
		byFuture := map[*Future[string]]string{}
		for i, f := range fs {
			byFuture[f] = dishes[i].name
		}
		const waiters = 10
		gathered := make([][]string, waiters)
		gatherErrs := make([]error, waiters)
		completed := make([][]string, waiters)
		awaited := make([][]string, waiters)
		var wg sync.WaitGroup
		for w := range waiters {
			wg.Go(func() { gathered[w], gatherErrs[w] = Gather(context.Background(), fs...) })
			wg.Go(func() {
				for f := range AsCompleted(context.Background(), fs...) {
					completed[w] = append(completed[w], byFuture[f])
				}
			})
			awaited[w] = make([]string, len(fs))
			for i, f := range fs {
				wg.Go(func() {
					<-f.Done()
					awaited[w][i], _ = f.Await(context.Background())
				})
			}
		}
		wg.Wait()
		for w := range waiters {
			require.NoError(t, gatherErrs[w], "Gather %d", w)
			require.Empty(t, cmp.Diff(suiteNames(dishes...), gathered[w]), "Gather %d's values (-want +got)", w)
			require.Empty(t, cmp.Diff([]string{"bagel", "soup", "rye"}, completed[w]), "AsCompleted %d's futures (-want +got)", w)
			require.Empty(t, cmp.Diff(suiteNames(dishes...), awaited[w]), "values awaited by waiter %d (-want +got)", w)
		}
	})
}

// TestCorrectTicketsAreCalledInRealTime cooks dishes that take real
// milliseconds, and collects each as it is ready. It is also the workload
// `grader trace 14` draws: every ticket handed out at once, and called out of
// the order they were handed out in.
func TestCorrectTicketsAreCalledInRealTime(t *testing.T) {
	var dishes []suiteDish
	for i, ms := range []int{24, 6, 18, 3, 30, 12, 9, 21} {
		dishes = append(dishes, suiteDish{name: fmt.Sprintf("dish %d", i), after: time.Duration(ms) * time.Millisecond})
	}
	var called map[string]int
	katatest.Traced(t, func() {
		called = map[string]int{}
		for f := range AsCompleted(context.Background(), suiteCookAll(dishes...)...) {
			name, err := f.Await(context.Background())
			require.NoError(t, err)
			called[name]++
		}
	})
	want := map[string]int{}
	for _, d := range dishes {
		want[d.name] = 1
	}
	assert.Empty(t, cmp.Diff(want, called), "times each ticket was called (-want +got)")
}

// ---- ordering --------------------------------------------------------------

func TestOrderAsCompletedFollowsCompletionOrder(t *testing.T) {
	cases := []struct {
		name   string
		dishes []suiteDish
		want   []string
	}{
		{
			name: "successes",
			dishes: []suiteDish{
				{name: "rye", after: 3 * time.Second},
				{name: "bagel", after: time.Second},
				{name: "soup", after: 4 * time.Second},
				{name: "toast", after: 2 * time.Second},
				{name: "stew", after: 5 * time.Second},
			},
			want: []string{"bagel", "toast", "rye", "soup", "stew"},
		},
		{
			name: "failures among successes",
			dishes: []suiteDish{
				{name: "rye", after: 4 * time.Second},
				{name: "toast", after: 3 * time.Second, err: suiteErrBurnt},
				{name: "bagel", after: time.Second, err: suiteErrNoBagel},
				{name: "soup", after: 2 * time.Second},
			},
			want: []string{"bagel", "soup", "toast", "rye"},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				fs := suiteCookAll(tc.dishes...)
				byFuture := map[*Future[string]]string{}
				for i, f := range fs {
					byFuture[f] = tc.dishes[i].name
				}
				var got []string
				for f := range AsCompleted(context.Background(), fs...) {
					got = append(got, byFuture[f])
				}
				assert.Empty(t, cmp.Diff(tc.want, got), "order of the futures AsCompleted sent (-want +got)")
			})
		})
	}
}

func TestOrderGatherResultsFollowInputOrder(t *testing.T) {
	cases := []struct {
		name   string
		dishes []suiteDish
	}{
		{"futures completing in reverse order", []suiteDish{
			{name: "rye", after: 4 * time.Second},
			{name: "bagel", after: 3 * time.Second},
			{name: "soup", after: 2 * time.Second},
			{name: "toast", after: time.Second},
		}},
		{"futures completing in a shuffled order", []suiteDish{
			{name: "rye", after: 3 * time.Second},
			{name: "bagel", after: time.Second},
			{name: "soup", after: 5 * time.Second},
			{name: "toast", after: 2 * time.Second},
			{name: "stew", after: 4 * time.Second},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				got, err := Gather(context.Background(), suiteCookAll(tc.dishes...)...)
				require.NoError(t, err)
				assert.Empty(t, cmp.Diff(suiteNames(tc.dishes...), got), "Gather's values must follow input order (-want +got)")
			})
		})
	}
}

// ---- timing ----------------------------------------------------------------

func TestTimingFuturesRunAtTheSameTime(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		fs := suiteCookAll(
			suiteDish{name: "rye", after: time.Second},
			suiteDish{name: "bagel", after: 2 * time.Second},
			suiteDish{name: "soup", after: 3 * time.Second},
		)
		require.Equal(t, time.Duration(0), time.Since(start), "Async must return at once, without waiting for f")
		for _, f := range fs {
			_, err := f.Await(context.Background())
			require.NoError(t, err)
		}
		assert.Equal(t, 3*time.Second, time.Since(start), "three futures of 1s, 2s and 3s cooking together take 3s")
	})
}

func TestTimingAwaitHonoursTheContextDeadline(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		f := suiteCook(suiteDish{name: "brisket", after: 5 * time.Second})
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err := f.Await(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		require.Equal(t, 2*time.Second, time.Since(start), "Await must give up exactly at ctx's deadline")

		v, err := f.Await(context.Background())
		require.NoError(t, err)
		assert.Equal(t, "brisket", v)
		assert.Equal(t, 5*time.Second, time.Since(start), "the future keeps cooking and completes on time")
	})
}

func TestTimingDoneClosesWhenTheFunctionReturns(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		f := suiteCook(suiteDish{name: "latte", after: 1500 * time.Millisecond})
		<-f.Done()
		assert.Equal(t, 1500*time.Millisecond, time.Since(start), "Done must close as the function returns")
	})
}

func TestTimingGatherTakesAsLongAsTheSlowestFuture(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		fs := suiteCookAll(
			suiteDish{name: "soup", after: 3 * time.Second},
			suiteDish{name: "rye", after: time.Second},
			suiteDish{name: "bagel", after: 2 * time.Second},
		)
		_, err := Gather(context.Background(), fs...)
		require.NoError(t, err)
		assert.Equal(t, 3*time.Second, time.Since(start), "Gather of 1s, 2s and 3s futures returns at 3s")
	})
}

func TestTimingGatherReturnsAtTheFirstError(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		fs := suiteCookAll(
			suiteDish{name: "rye", after: 3 * time.Second},
			suiteDish{name: "toast", after: time.Second, err: suiteErrBurnt},
			suiteDish{name: "brisket", after: time.Hour},
		)
		_, err := Gather(context.Background(), fs...)
		require.ErrorIs(t, err, suiteErrBurnt)
		assert.Equal(t, time.Second, time.Since(start), "Gather must return the moment the first future fails")
	})
}

func TestTimingGatherHonoursTheContextDeadline(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		fs := suiteCookAll(
			suiteDish{name: "brisket", after: time.Hour},
			suiteDish{name: "rye", after: time.Second},
		)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		_, err := Gather(ctx, fs...)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 2*time.Second, time.Since(start), "Gather must give up exactly at ctx's deadline")
	})
}

func TestTimingAsCompletedSendsEachFutureWhenItCompletes(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		fs := suiteCookAll(
			suiteDish{name: "soup", after: 3 * time.Second},
			suiteDish{name: "rye", after: time.Second},
			suiteDish{name: "bagel", after: 2 * time.Second},
		)
		ch := AsCompleted(context.Background(), fs...)
		for _, want := range []time.Duration{time.Second, 2 * time.Second, 3 * time.Second} {
			_, ok := suiteNext(t, ch)
			require.True(t, ok, "the channel was closed too early")
			assert.Equal(t, want, time.Since(start), "a future must be sent the moment it completes")
		}
		_, ok := suiteNext(t, ch)
		require.False(t, ok, "the channel must be closed after the last future")
		assert.Equal(t, 3*time.Second, time.Since(start), "the channel must be closed right after the last future")
	})
}

func TestTimingAsCompletedClosesWhenTheContextEnds(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		fs := suiteCookAll(
			suiteDish{name: "rye", after: time.Second},
			suiteDish{name: "brisket", after: time.Hour},
		)
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		defer cancel()
		ch := AsCompleted(ctx, fs...)
		_, ok := suiteNext(t, ch)
		require.True(t, ok, "the channel was closed too early")
		_, ok = suiteNext(t, ch)
		require.False(t, ok, "only one future completes before ctx's deadline")
		assert.Equal(t, 2*time.Second, time.Since(start), "the channel must be closed when ctx ends")
	})
}

// ---- leaks -----------------------------------------------------------------

func TestLeakAwaitLeavesNothingBehindWhenContextEnds(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		f := suiteCook(suiteDish{name: "brisket", after: time.Hour})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		for range 3 {
			_, err := f.Await(ctx)
			require.ErrorIs(t, err, context.DeadlineExceeded)
		}
		time.Sleep(2 * time.Hour) // the future has completed
		katatest.NoLeaks(t)
	})
}

func TestLeakAsCompletedLeavesNothingOnceDrained(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		fs := suiteCookAll(
			suiteDish{name: "rye", after: 2 * time.Second},
			suiteDish{name: "bagel", after: time.Second},
			suiteDish{name: "toast", after: 3 * time.Second, err: suiteErrBurnt},
		)
		got := suiteDrain(t, AsCompleted(context.Background(), fs...))
		require.Len(t, got, 3)
		katatest.NoLeaks(t)
	})
}

func TestLeakAsCompletedStopsWhenCancelledWhileNobodyReads(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		fs := suiteCookAll(
			suiteDish{name: "rye", after: time.Second},
			suiteDish{name: "bagel", after: 2 * time.Second}, // completes while nobody reads
			suiteDish{name: "soup", after: 3 * time.Second},  // completes after the cancel
		)
		ctx, cancel := context.WithCancel(context.Background())
		ch := AsCompleted(ctx, fs...)
		_, ok := suiteNext(t, ch)
		require.True(t, ok, "the channel was closed too early")
		time.Sleep(1500 * time.Millisecond) // stop reading; bagel completes meanwhile
		cancel()
		time.Sleep(time.Hour) // every future has completed
		katatest.NoLeaks(t)
		suiteDrain(t, ch) // lets a stuck sender go, so that the bubble can end
	})
}

func TestLeakGatherLeavesNothingAfterAnEarlyError(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		fs := suiteCookAll(
			suiteDish{name: "rye", after: 2 * time.Second},
			suiteDish{name: "toast", after: time.Second, err: suiteErrBurnt},
			suiteDish{name: "soup", after: 3 * time.Second},
		)
		_, err := Gather(context.Background(), fs...)
		require.ErrorIs(t, err, suiteErrBurnt)
		time.Sleep(time.Hour) // every future has completed
		katatest.NoLeaks(t)
	})
}

func TestLeakGatherLeavesNothingAfterContextEnds(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		fs := suiteCookAll(
			suiteDish{name: "rye", after: time.Second},
			suiteDish{name: "brisket", after: time.Hour},
			suiteDish{name: "soup", after: 2 * time.Hour},
		)
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		_, err := Gather(ctx, fs...)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		time.Sleep(3 * time.Hour) // every future has completed
		katatest.NoLeaks(t)
	})
}
