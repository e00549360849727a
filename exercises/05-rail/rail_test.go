package rail

import (
	"context"
	"fmt"
	"runtime"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of the rail:
//   - correctness: nothing put is lost or duplicated, also across Close and under
//     many goroutines; Put after Close is ErrClosed; Close twice is harmless; a
//     cancelled call adds or takes nothing; capacity below one panics;
//   - ordering: first in, first out, also when the rail wraps around, and per
//     producer with several producers;
//   - timing: Put waits exactly while the rail is full and Get exactly while it
//     is empty; a waiting call gives up exactly at its context's deadline and a
//     cancel ends no other call; Close wakes every waiting call at once;
//   - leaks: nothing is left running once the calls have returned, after a
//     cancel or a Close.
// Tests that wait run in a katatest.Bubble, where time is fake: synctest.Wait
// returns once every other goroutine of the bubble is blocked, so "this Put is
// still waiting" can be checked exactly, and a sleep of a second takes no time.

// suiteOutcome is what one Put or Get running on its own goroutine returned,
// and when (fake time since its suiteCalls started).
type suiteOutcome struct {
	V     int
	Err   error
	After time.Duration
}

// suiteCalls runs Puts and Gets on goroutines of their own and collects what
// they return.
type suiteCalls struct {
	start   time.Time
	pending []<-chan suiteOutcome
}

func suiteStartCalls() *suiteCalls { return &suiteCalls{start: time.Now()} }

func (c *suiteCalls) put(ctx context.Context, r *Rail[int], v int) {
	ch := make(chan suiteOutcome, 1)
	c.pending = append(c.pending, ch)
	go func() {
		err := r.Put(ctx, v)
		ch <- suiteOutcome{V: v, Err: err, After: time.Since(c.start)}
	}()
}

func (c *suiteCalls) get(ctx context.Context, r *Rail[int]) {
	ch := make(chan suiteOutcome, 1)
	c.pending = append(c.pending, ch)
	go func() {
		v, err := r.Get(ctx)
		ch <- suiteOutcome{V: v, Err: err, After: time.Since(c.start)}
	}()
}

// returned waits until every other goroutine of the bubble is blocked, then
// returns the outcomes of the calls that have returned since it was last
// called. The others are still waiting.
func (c *suiteCalls) returned() []suiteOutcome {
	synctest.Wait()
	var out []suiteOutcome
	c.pending = slices.DeleteFunc(c.pending, func(ch <-chan suiteOutcome) bool {
		select {
		case o := <-ch:
			out = append(out, o)
			return true
		default:
			return false
		}
	})
	return out
}

// suiteCleanUp is deferred by tests that leave calls waiting on a wrong rail:
// it cancels their context and closes the rail, so that they can return and
// the test reports its own failure, not synctest's "blocked goroutines remain".
func suiteCleanUp(cancel context.CancelFunc, r *Rail[int]) {
	cancel()
	r.Close()
}

// suiteFill puts vs on r, which must have room for them.
func suiteFill(t *testing.T, r *Rail[int], vs ...int) {
	t.Helper()
	for _, v := range vs {
		require.NoError(t, r.Put(context.Background(), v), "Put(%d) on a rail with room", v)
	}
}

// suiteTakeAll gets from r until it returns an error, which must be ErrClosed.
func suiteTakeAll(t *testing.T, r *Rail[int]) []int {
	t.Helper()
	var got []int
	for {
		v, err := r.Get(context.Background())
		if err != nil {
			require.ErrorIs(t, err, ErrClosed, "Get on a closed rail, once it is empty")
			return got
		}
		got = append(got, v)
	}
}

func suiteSeq(from, to int) []int {
	var vs []int
	for v := from; v <= to; v++ {
		vs = append(vs, v)
	}
	return vs
}

var suiteAnyOrder = cmpopts.SortSlices(func(a, b int) bool { return a < b })

// --- correctness ---------------------------------------------------------

func TestCorrectEveryTicketPutComesOffOnce(t *testing.T) {
	for _, tc := range []struct {
		capacity, tickets int
	}{
		{1, 1}, {3, 2}, {3, 3}, {10, 7},
	} {
		t.Run(fmt.Sprintf("%d tickets on a rail of %d", tc.tickets, tc.capacity), func(t *testing.T) {
			r := NewRail[int](tc.capacity)
			want := suiteSeq(1, tc.tickets)
			suiteFill(t, r, want...)
			assert.Equal(t, tc.tickets, r.Len(), "Len after %d Puts", tc.tickets)
			var got []int
			for range tc.tickets {
				v, err := r.Get(context.Background())
				require.NoError(t, err, "Get on a rail holding tickets")
				got = append(got, v)
			}
			assert.Empty(t, cmp.Diff(want, got, suiteAnyOrder), "tickets taken off (-want +got, order ignored here)")
			assert.Equal(t, 0, r.Len(), "Len once every ticket is taken")
		})
	}
}

func TestCorrectCapacityMustBeAtLeastOne(t *testing.T) {
	r := NewRail[string](1)
	require.NoError(t, r.Put(context.Background(), "rye"), "a rail of capacity 1 holds one ticket")
	v, err := r.Get(context.Background())
	require.NoError(t, err)
	require.Equal(t, "rye", v)
	for _, capacity := range []int{0, -1, -20} {
		assert.Panics(t, func() { NewRail[string](capacity) }, "NewRail(%d) must panic: a rail needs room for a ticket", capacity)
	}
}

func TestCorrectCloseKeepsTheTicketsAlreadyOnTheRail(t *testing.T) {
	r := NewRail[int](5)
	suiteFill(t, r, 4, 8, 15)
	r.Close()
	assert.Equal(t, 3, r.Len(), "Close must not take tickets off the rail")
	got := suiteTakeAll(t, r)
	assert.Empty(t, cmp.Diff([]int{4, 8, 15}, got, suiteAnyOrder),
		"after Close, Get must hand out what is left before ErrClosed (-want +got, order ignored here)")
	for range 3 {
		_, err := r.Get(context.Background())
		assert.ErrorIs(t, err, ErrClosed, "Get on a closed, empty rail, every time")
	}
	assert.Equal(t, 0, r.Len())
}

func TestCorrectPutAfterCloseIsErrClosed(t *testing.T) {
	r := NewRail[int](4)
	suiteFill(t, r, 1)
	r.Close()
	for _, v := range []int{2, 3} {
		assert.ErrorIs(t, r.Put(context.Background(), v), ErrClosed, "Put on a closed rail, even with room on it")
	}
	assert.Equal(t, 1, r.Len(), "a refused Put must not add its ticket")
	assert.Empty(t, cmp.Diff([]int{1}, suiteTakeAll(t, r)), "tickets taken off after Close (-want +got)")
}

func TestCorrectClosingTwiceIsHarmless(t *testing.T) {
	r := NewRail[int](2)
	suiteFill(t, r, 7)
	r.Close()
	require.NotPanics(t, r.Close, "a second Close must do nothing")
	assert.ErrorIs(t, r.Put(context.Background(), 8), ErrClosed)
	assert.Empty(t, cmp.Diff([]int{7}, suiteTakeAll(t, r)), "tickets taken off after two Closes (-want +got)")
}

func TestCorrectWaitingCallsGetErrClosedWhenTheRailCloses(t *testing.T) {
	t.Run("a Put waiting on a full rail", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](1)
			ctx, cancel := context.WithCancel(t.Context())
			defer suiteCleanUp(cancel, r)
			suiteFill(t, r, 1)
			calls := suiteStartCalls()
			calls.put(ctx, r, 2)
			require.Empty(t, calls.returned(), "a Put on a full rail must wait")
			r.Close()
			got := calls.returned()
			require.Len(t, got, 1, "the waiting Put must return once the rail is closed")
			assert.ErrorIs(t, got[0].Err, ErrClosed, "a waiting Put when the rail closes")
			assert.Empty(t, cmp.Diff([]int{1}, suiteTakeAll(t, r)), "the refused ticket must not be added (-want +got)")
		})
	})
	t.Run("a Get waiting on an empty rail", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](1)
			ctx, cancel := context.WithCancel(t.Context())
			defer suiteCleanUp(cancel, r)
			calls := suiteStartCalls()
			calls.get(ctx, r)
			require.Empty(t, calls.returned(), "a Get on an empty rail must wait")
			r.Close()
			got := calls.returned()
			require.Len(t, got, 1, "the waiting Get must return once the rail is closed")
			assert.ErrorIs(t, got[0].Err, ErrClosed, "a waiting Get when the rail closes")
		})
	})
}

func TestCorrectEachWaitingGetTakesItsOwnTicket(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		r := NewRail[int](5)
		ctx, cancel := context.WithCancel(t.Context())
		defer suiteCleanUp(cancel, r)
		calls := suiteStartCalls()
		for range 5 {
			calls.get(ctx, r)
		}
		require.Empty(t, calls.returned(), "Gets on an empty rail must wait")
		var got []suiteOutcome
		for v := 1; v <= 5; v++ {
			require.NoError(t, r.Put(ctx, v))
			got = append(got, calls.returned()...)
			require.Len(t, got, v, "after %d Puts, exactly %d waiting Gets must have returned, one per ticket", v, v)
		}
		var values []int
		for _, o := range got {
			require.NoError(t, o.Err, "a Get that got a ticket")
			values = append(values, o.V)
		}
		assert.Empty(t, cmp.Diff(suiteSeq(1, 5), values, suiteAnyOrder),
			"each ticket must go to exactly one Get (-want +got, order ignored here)")
	})
}

func TestCorrectACancelledCallAddsOrTakesNothing(t *testing.T) {
	t.Run("a Put that gave up is not added later", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](1)
			defer r.Close()
			suiteFill(t, r, 1)
			ctx, cancel := context.WithTimeout(t.Context(), time.Second)
			defer cancel()
			require.ErrorIs(t, r.Put(ctx, 2), context.DeadlineExceeded, "a Put on a full rail, past its deadline")
			v, err := r.Get(t.Context())
			require.NoError(t, err)
			require.Equal(t, 1, v)
			synctest.Wait()
			assert.Equal(t, 0, r.Len(), "a Put that returned an error must never add its ticket, not even later")
		})
	})
	t.Run("a Get that gave up takes no ticket later", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](1)
			defer r.Close()
			ctx, cancel := context.WithCancel(t.Context())
			calls := suiteStartCalls()
			calls.get(ctx, r)
			require.Empty(t, calls.returned(), "a Get on an empty rail must wait")
			cancel()
			got := calls.returned()
			require.Len(t, got, 1, "a waiting Get must return once its ctx is cancelled")
			require.ErrorIs(t, got[0].Err, context.Canceled)
			suiteFill(t, r, 9)
			synctest.Wait()
			assert.Equal(t, 1, r.Len(), "a Get that returned an error must never take a ticket, not even later")
		})
	})
}

func TestCorrectManyCountersAndCooksLoseNothing(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		const capacity, counters, cooks, perCounter = 3, 6, 4, 150
		r := NewRail[int](capacity)
		ctx, cancel := context.WithCancel(t.Context())
		defer suiteCleanUp(cancel, r)

		var watcher sync.WaitGroup
		watcher.Go(func() { // the manager glances at the rail now and then
			for range 300 {
				if n := r.Len(); n < 0 || n > capacity {
					t.Errorf("Len() = %d on a rail of capacity %d", n, capacity)
					return
				}
				runtime.Gosched()
			}
		})
		var producers sync.WaitGroup
		for c := range counters {
			producers.Go(func() {
				for i := range perCounter {
					if err := r.Put(ctx, c*perCounter+i+1); err != nil {
						t.Errorf("Put on an open rail: %v", err)
						return
					}
					if i%7 == 0 {
						runtime.Gosched()
					}
				}
			})
		}
		taken := make([][]int, cooks)
		var consumers sync.WaitGroup
		for k := range cooks {
			consumers.Go(func() {
				for {
					v, err := r.Get(ctx)
					if err != nil {
						if err != ErrClosed {
							t.Errorf("Get: %v, want a ticket or ErrClosed", err)
						}
						return
					}
					taken[k] = append(taken[k], v)
					if n := r.Len(); n < 0 || n > capacity {
						t.Errorf("Len() = %d on a rail of capacity %d", n, capacity)
					}
				}
			})
		}
		producers.Wait()
		watcher.Wait()
		time.Sleep(time.Second) // the cooks empty the rail and wait for more
		r.Close()
		cooksDone := make(chan struct{})
		go func() {
			consumers.Wait()
			close(cooksDone)
		}()
		select {
		case <-cooksDone:
		case <-time.After(time.Hour):
			t.Fatalf("cooks still waiting on the rail an hour after Close: Close must wake every waiting Get")
		}
		assert.Empty(t, cmp.Diff(suiteSeq(1, counters*perCounter), slices.Concat(taken...), suiteAnyOrder),
			"every ticket put must be taken off exactly once (-want +got, order ignored here)")
	})
}

// TestCorrectCooksWorkThroughABusyRailInRealTime has three counters fill a short
// rail faster than two cooks empty it. It is also the workload `grader trace 05`
// draws: counters waiting while the rail is full, each ticket taken letting one on.
func TestCorrectCooksWorkThroughABusyRailInRealTime(t *testing.T) {
	const counters, perCounter, cooks = 3, 12, 2
	katatest.Traced(t, func() {
		ctx := t.Context() // real time: a call stuck for good hangs here, and the run limit shows where
		r := NewRail[int](3)
		var clipping, cooking sync.WaitGroup
		for c := range counters {
			clipping.Go(func() {
				for i := range perCounter {
					assert.NoError(t, r.Put(ctx, c*perCounter+i+1), "Put on an open rail")
				}
			})
		}
		taken := make([][]int, cooks)
		for k := range cooks {
			cooking.Go(func() {
				for {
					v, err := r.Get(ctx)
					if err != nil {
						assert.ErrorIs(t, err, ErrClosed, "Get on a closed rail, once it is empty")
						return
					}
					time.Sleep(2 * time.Millisecond) // cooking the ticket
					taken[k] = append(taken[k], v)
				}
			})
		}
		clipping.Wait()
		r.Close()
		cooking.Wait()
		assert.Empty(t, cmp.Diff(suiteSeq(1, counters*perCounter), slices.Concat(taken...), suiteAnyOrder),
			"every ticket put must be taken off exactly once (-want +got, order ignored here)")
	})
}

// --- ordering ------------------------------------------------------------

func TestOrderTicketsComeOffOldestFirst(t *testing.T) {
	t.Run("put, then take", func(t *testing.T) {
		r := NewRail[int](5)
		suiteFill(t, r, 5, 3, 9, 1, 7)
		var got []int
		for range 5 {
			v, err := r.Get(context.Background())
			require.NoError(t, err)
			got = append(got, v)
		}
		assert.Empty(t, cmp.Diff([]int{5, 3, 9, 1, 7}, got), "tickets must come off oldest first (-want +got)")
	})
	t.Run("puts and takes interleaved, round and round the rail", func(t *testing.T) {
		r := NewRail[int](3)
		var got []int
		next := 1
		for step := range 40 {
			if r.Len() == 0 || (step%5 < 3 && r.Len() < 3) {
				suiteFill(t, r, next)
				next++
				continue
			}
			v, err := r.Get(context.Background())
			require.NoError(t, err)
			got = append(got, v)
		}
		r.Close()
		got = append(got, suiteTakeAll(t, r)...)
		assert.Empty(t, cmp.Diff(suiteSeq(1, next-1), got), "tickets must come off in the order they were put (-want +got)")
	})
	t.Run("after Close, what is left comes off oldest first", func(t *testing.T) {
		r := NewRail[int](4)
		suiteFill(t, r, 2, 4, 6, 8)
		r.Close()
		assert.Empty(t, cmp.Diff([]int{2, 4, 6, 8}, suiteTakeAll(t, r)), "tickets taken off after Close (-want +got)")
	})
}

func TestOrderASlowCookSeesTicketsInTheOrderTheyWereClipped(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		r := NewRail[int](3)
		ctx, cancel := context.WithCancel(t.Context())
		defer suiteCleanUp(cancel, r)
		go func() {
			for v := 1; v <= 40; v++ {
				if r.Put(ctx, v) != nil {
					return
				}
			}
			r.Close()
		}()
		var got []int
		for {
			time.Sleep(time.Millisecond) // the rail fills up while the cook works
			v, err := r.Get(ctx)
			if err != nil {
				require.ErrorIs(t, err, ErrClosed)
				break
			}
			got = append(got, v)
		}
		assert.Empty(t, cmp.Diff(suiteSeq(1, 40), got), "tickets must come off in the order they were put (-want +got)")
	})
}

func TestOrderEachCounterKeepsItsOwnOrder(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		type ticket struct{ Counter, Seq int }
		const counters, perCounter = 4, 60
		r := NewRail[ticket](4)
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		defer r.Close()
		var producers sync.WaitGroup
		for c := range counters {
			producers.Go(func() {
				for i := range perCounter {
					if r.Put(ctx, ticket{Counter: c, Seq: i}) != nil {
						return
					}
					if (i+c)%5 == 0 {
						time.Sleep(time.Millisecond)
					}
				}
			})
		}
		go func() {
			producers.Wait()
			r.Close()
		}()
		seen := make([][]int, counters)
		for i := 0; ; i++ {
			if i%3 == 0 {
				time.Sleep(time.Millisecond)
			}
			tk, err := r.Get(ctx)
			if err != nil {
				require.ErrorIs(t, err, ErrClosed)
				break
			}
			seen[tk.Counter] = append(seen[tk.Counter], tk.Seq)
		}
		for c := range counters {
			assert.Empty(t, cmp.Diff(suiteSeq(0, perCounter-1), seen[c]),
				"counter %d's tickets must come off in the order that counter put them (-want +got)", c)
		}
	})
}

// --- timing --------------------------------------------------------------

func TestTimingPutWaitsExactlyWhileTheRailIsFull(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		r := NewRail[int](2)
		ctx, cancel := context.WithCancel(t.Context())
		defer suiteCleanUp(cancel, r)
		start := time.Now()
		suiteFill(t, r, 1, 2)
		require.Equal(t, time.Duration(0), time.Since(start), "Puts on a rail with room must not wait")

		calls := suiteStartCalls()
		calls.put(ctx, r, 3)
		time.Sleep(3 * time.Second)
		require.Empty(t, calls.returned(), "a Put on a full rail must wait while it stays full")
		v, err := r.Get(ctx)
		require.NoError(t, err)
		require.Equal(t, 1, v)
		got := calls.returned()
		require.Len(t, got, 1, "the waiting Put must return as soon as a Get makes room")
		assert.NoError(t, got[0].Err)
		assert.Equal(t, 3*time.Second, got[0].After, "the waiting Put must return at the instant the Get made room")
		assert.Equal(t, 2, r.Len(), "Len once the waiting Put is in")
	})
}

func TestTimingGetWaitsExactlyWhileTheRailIsEmpty(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		r := NewRail[int](2)
		ctx, cancel := context.WithCancel(t.Context())
		defer suiteCleanUp(cancel, r)
		calls := suiteStartCalls()
		calls.get(ctx, r)
		time.Sleep(2 * time.Second)
		require.Empty(t, calls.returned(), "a Get on an empty rail must wait while it stays empty")
		suiteFill(t, r, 42)
		got := calls.returned()
		require.Len(t, got, 1, "the waiting Get must return as soon as a Put adds a ticket")
		assert.NoError(t, got[0].Err)
		assert.Equal(t, 42, got[0].V)
		assert.Equal(t, 2*time.Second, got[0].After, "the waiting Get must return at the instant the Put came")
		assert.Equal(t, 0, r.Len())
	})
}

func TestTimingEachFreedSlotLetsExactlyOnePutIn(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		r := NewRail[int](1)
		ctx, cancel := context.WithCancel(t.Context())
		defer suiteCleanUp(cancel, r)
		suiteFill(t, r, 1)
		calls := suiteStartCalls()
		for v := 2; v <= 4; v++ {
			calls.put(ctx, r, v)
		}
		require.Empty(t, calls.returned(), "Puts on a full rail must wait")
		for second := 1; second <= 3; second++ {
			time.Sleep(time.Second)
			_, err := r.Get(ctx)
			require.NoError(t, err)
			got := calls.returned()
			require.Len(t, got, 1, "one Get frees one slot: exactly one waiting Put must get in at %ds", second)
			assert.NoError(t, got[0].Err)
			assert.Equal(t, time.Duration(second)*time.Second, got[0].After, "a waiting Put must return at the instant the Get made room")
			assert.Equal(t, 1, r.Len(), "a rail of capacity 1 holds one ticket")
		}
	})
}

func TestTimingAWaitingCallGivesUpExactlyAtItsDeadline(t *testing.T) {
	t.Run("a Put on a full rail", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](1)
			defer r.Close()
			suiteFill(t, r, 1)
			start := time.Now()
			ctx, cancel := context.WithTimeout(t.Context(), 1500*time.Millisecond)
			defer cancel()
			assert.ErrorIs(t, r.Put(ctx, 2), context.DeadlineExceeded)
			assert.Equal(t, 1500*time.Millisecond, time.Since(start), "a waiting Put must give up exactly at its deadline")
			assert.Equal(t, 1, r.Len())
		})
	})
	t.Run("a Get on an empty rail", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](1)
			defer r.Close()
			start := time.Now()
			ctx, cancel := context.WithTimeout(t.Context(), 700*time.Millisecond)
			defer cancel()
			_, err := r.Get(ctx)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Equal(t, 700*time.Millisecond, time.Since(start), "a waiting Get must give up exactly at its deadline")
		})
	})
	t.Run("a Get whose context is cancelled", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](1)
			defer r.Close()
			ctx, cancel := context.WithCancel(t.Context())
			calls := suiteStartCalls()
			calls.get(ctx, r)
			time.Sleep(300 * time.Millisecond)
			cancel()
			got := calls.returned()
			require.Len(t, got, 1, "a waiting Get must return once its ctx is cancelled")
			assert.ErrorIs(t, got[0].Err, context.Canceled)
			assert.Equal(t, 300*time.Millisecond, got[0].After, "a waiting Get must return at the instant of the cancel")
		})
	})
}

func TestTimingOneCallersDeadlineLeavesTheOthersWaiting(t *testing.T) {
	t.Run("Gets on an empty rail", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](2)
			ctx, cancel := context.WithCancel(t.Context())
			defer suiteCleanUp(cancel, r)
			early, cancelEarly := context.WithTimeout(ctx, time.Second)
			defer cancelEarly()
			calls := suiteStartCalls()
			calls.get(early, r)
			calls.get(ctx, r)
			calls.get(ctx, r)
			time.Sleep(time.Second)
			got := calls.returned()
			require.Len(t, got, 1, "at 1s only the Get with the 1s deadline may return")
			assert.ErrorIs(t, got[0].Err, context.DeadlineExceeded)
			time.Sleep(time.Second)
			require.Empty(t, calls.returned(), "the other Gets must keep waiting")
			suiteFill(t, r, 5)
			got = calls.returned()
			require.Len(t, got, 1, "one ticket wakes one Get")
			assert.NoError(t, got[0].Err)
			assert.Equal(t, 5, got[0].V)
			assert.Equal(t, 2*time.Second, got[0].After)
		})
	})
	t.Run("Puts on a full rail", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](1)
			ctx, cancel := context.WithCancel(t.Context())
			defer suiteCleanUp(cancel, r)
			suiteFill(t, r, 1)
			early, cancelEarly := context.WithTimeout(ctx, time.Second)
			defer cancelEarly()
			calls := suiteStartCalls()
			calls.put(early, r, 2)
			calls.put(ctx, r, 3)
			calls.put(ctx, r, 4)
			time.Sleep(time.Second)
			got := calls.returned()
			require.Len(t, got, 1, "at 1s only the Put with the 1s deadline may return")
			assert.ErrorIs(t, got[0].Err, context.DeadlineExceeded)
			assert.Equal(t, 1, r.Len(), "no Put may get in while the rail is full")
			time.Sleep(time.Second)
			require.Empty(t, calls.returned(), "the other Puts must keep waiting")
			_, err := r.Get(ctx)
			require.NoError(t, err)
			got = calls.returned()
			require.Len(t, got, 1, "one freed slot lets one Put in")
			assert.NoError(t, got[0].Err)
			assert.Equal(t, 2*time.Second, got[0].After)
		})
	})
}

func TestTimingCloseWakesEveryWaitingCallAtOnce(t *testing.T) {
	t.Run("five Puts waiting on a full rail", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](2)
			ctx, cancel := context.WithCancel(t.Context())
			defer suiteCleanUp(cancel, r)
			suiteFill(t, r, 1, 2)
			calls := suiteStartCalls()
			for v := 3; v <= 7; v++ {
				calls.put(ctx, r, v)
			}
			time.Sleep(time.Second)
			require.Empty(t, calls.returned(), "Puts on a full rail must wait")
			r.Close()
			got := calls.returned()
			require.Len(t, got, 5, "Close must wake every waiting Put at once")
			for _, o := range got {
				assert.ErrorIs(t, o.Err, ErrClosed, "Put(%d), waiting when the rail closed", o.V)
				assert.Equal(t, time.Second, o.After, "Put(%d) must return at the instant of Close", o.V)
			}
			assert.Empty(t, cmp.Diff([]int{1, 2}, suiteTakeAll(t, r)), "the waiting Puts' tickets must not be added (-want +got)")
		})
	})
	t.Run("five Gets waiting on an empty rail", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			r := NewRail[int](2)
			ctx, cancel := context.WithCancel(t.Context())
			defer suiteCleanUp(cancel, r)
			calls := suiteStartCalls()
			for range 5 {
				calls.get(ctx, r)
			}
			time.Sleep(time.Second)
			require.Empty(t, calls.returned(), "Gets on an empty rail must wait")
			r.Close()
			got := calls.returned()
			require.Len(t, got, 5, "Close must wake every waiting Get at once")
			for _, o := range got {
				assert.ErrorIs(t, o.Err, ErrClosed, "a Get waiting when the rail closed")
				assert.Equal(t, time.Second, o.After, "a waiting Get must return at the instant of Close")
			}
		})
	})
}

// --- leaks ---------------------------------------------------------------

func TestLeakNothingOutlivesCallsThatWaited(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		r := NewRail[int](1)
		ctx, cancel := context.WithCancel(t.Context())
		defer suiteCleanUp(cancel, r)
		calls := suiteStartCalls()
		suiteFill(t, r, 1)
		calls.put(ctx, r, 2)
		time.Sleep(time.Second)
		for range 2 {
			_, err := r.Get(ctx)
			require.NoError(t, err)
		}
		calls.get(ctx, r)
		time.Sleep(time.Second)
		suiteFill(t, r, 3)
		got := calls.returned()
		require.Len(t, got, 2, "both waiting calls must have returned")
		for _, o := range got {
			require.NoError(t, o.Err)
		}
		katatest.NoLeaks(t) // ctx is still live and the rail open: nothing may be waiting on them
	})
}

func TestLeakNothingOutlivesACancelledCall(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		full, empty := NewRail[int](1), NewRail[int](1)
		defer full.Close()
		defer empty.Close()
		suiteFill(t, full, 1)
		ctx, cancel := context.WithTimeout(t.Context(), time.Second)
		defer cancel()
		require.ErrorIs(t, full.Put(ctx, 2), context.DeadlineExceeded)
		_, err := empty.Get(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		katatest.NoLeaks(t) // both rails are still open
	})
}

func TestLeakNothingOutlivesClose(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		full, empty := NewRail[int](2), NewRail[int](2)
		ctx, cancel := context.WithCancel(t.Context())
		defer suiteCleanUp(cancel, full)
		defer suiteCleanUp(cancel, empty)
		suiteFill(t, full, 1, 2)
		calls := suiteStartCalls()
		for v := 3; v <= 5; v++ {
			calls.put(ctx, full, v)
			calls.get(ctx, empty)
		}
		time.Sleep(time.Second)
		full.Close()
		empty.Close()
		katatest.NoLeaks(t) // ctx is still live: Close alone must end every waiting call
	})
}
