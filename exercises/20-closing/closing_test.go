package closing

import (
	"context"
	"errors"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// Every test but the real-time scenario runs inside katatest.Bubble, where
// time is fake: time.Sleep returns as soon as every goroutine of the bubble is
// blocked, with exactly the time asked for gone by, and time.Since measures
// that fake time.

// suiteKitchen is the handle function of a test: each order takes `took` of
// fake time, and the kitchen counts, per order, the calls of handle that have
// finished. Its gauge counts the calls in flight.
type suiteKitchen struct {
	took  time.Duration
	gauge katatest.Gauge

	mu      sync.Mutex
	handled map[int]int
}

func suiteNewKitchen(took time.Duration) *suiteKitchen {
	return &suiteKitchen{took: took, handled: map[int]int{}}
}

func (k *suiteKitchen) handle(order int) {
	k.gauge.Enter()
	defer k.gauge.Exit()
	time.Sleep(k.took)
	k.mu.Lock()
	k.handled[order]++
	k.mu.Unlock()
}

// count is how many calls of handle have finished.
func (k *suiteKitchen) count() int {
	k.mu.Lock()
	defer k.mu.Unlock()
	n := 0
	for _, c := range k.handled {
		n += c
	}
	return n
}

// requireHandledOnce fails the test unless exactly the orders in want have
// been handled, each once.
func (k *suiteKitchen) requireHandledOnce(t *testing.T, want []int) {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	wantCounts := map[int]int{}
	for _, o := range want {
		wantCounts[o] = 1
	}
	require.Empty(t, cmp.Diff(wantCounts, k.handled), "times each order was handled (-want +got)")
}

// suiteSubmitAll submits orders and fails the test unless all are accepted.
func suiteSubmitAll(t *testing.T, c *Counter, orders []int) {
	t.Helper()
	for _, o := range orders {
		require.NoError(t, c.Submit(o), "Submit(%d) on an open counter", o)
	}
}

func suiteOrders(n int) []int {
	orders := make([]int, n)
	for i := range orders {
		orders[i] = 100 + i
	}
	return orders
}

// suiteClosingTime lets every order still in the kitchen finish. A bubble's
// clock stops once its body returns, so tests that may leave work behind defer
// it.
func suiteClosingTime() { time.Sleep(48 * time.Hour) }

// ---- correctness -----------------------------------------------------------

func TestCorrectEveryAcceptedOrderIsHandledOnce(t *testing.T) {
	cases := []struct {
		name    string
		workers int
		orders  int
	}{
		{"no orders", 3, 0},
		{"one order", 3, 1},
		{"fewer orders than workers", 4, 2},
		{"many orders for few workers", 3, 20},
		{"one worker", 1, 5},
		{"zero workers count as one", 0, 4},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				k := suiteNewKitchen(time.Second)
				c := NewCounter(tc.workers, k.handle)
				orders := suiteOrders(tc.orders)
				suiteSubmitAll(t, c, orders)
				require.NoError(t, c.Shutdown(context.Background()))
				k.requireHandledOnce(t, orders)
			})
		})
	}
}

func TestCorrectShutdownWaitsForEveryAcceptedOrder(t *testing.T) {
	t.Run("orders waiting in the queue", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(2, k.handle)
			orders := suiteOrders(7)
			suiteSubmitAll(t, c, orders)
			require.NoError(t, c.Shutdown(context.Background()))
			require.Equal(t, 7, k.count(), "when Shutdown returns nil, every accepted order must have been handled")
			k.requireHandledOnce(t, orders)
		})
	})
	t.Run("orders being handled", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(3, k.handle)
			orders := suiteOrders(3)
			suiteSubmitAll(t, c, orders)
			time.Sleep(500 * time.Millisecond) // all three are in the workers' hands
			require.NoError(t, c.Shutdown(context.Background()))
			require.Equal(t, 3, k.count(), "when Shutdown returns nil, every call of handle must have returned")
		})
	})
}

func TestCorrectSubmitIsRefusedOnceShutdownBegan(t *testing.T) {
	t.Run("after Shutdown returned", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(2, k.handle)
			suiteSubmitAll(t, c, []int{1, 2})
			require.NoError(t, c.Shutdown(context.Background()))
			for _, o := range []int{3, 4} {
				require.ErrorIs(t, c.Submit(o), ErrClosed, "Submit after Shutdown")
			}
			time.Sleep(time.Hour)
			k.requireHandledOnce(t, []int{1, 2})
		})
	})
	t.Run("while Shutdown waits", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(1, k.handle)
			suiteSubmitAll(t, c, []int{1, 2, 3})
			refused := make(chan error, 1)
			go func() {
				time.Sleep(1500 * time.Millisecond) // Shutdown is waiting for order 2
				refused <- c.Submit(4)
			}()
			require.NoError(t, c.Shutdown(context.Background()))
			require.ErrorIs(t, <-refused, ErrClosed, "Submit while Shutdown waits")
			time.Sleep(time.Hour)
			k.requireHandledOnce(t, []int{1, 2, 3})
		})
	})
	t.Run("after Shutdown gave up", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(1, k.handle)
			suiteSubmitAll(t, c, []int{1, 2, 3})
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			require.ErrorIs(t, c.Shutdown(ctx), context.DeadlineExceeded)
			require.ErrorIs(t, c.Submit(4), ErrClosed, "the counter stays closed after Shutdown gave up")
			time.Sleep(time.Hour)
			k.requireHandledOnce(t, []int{1, 2, 3})
		})
	})
}

func TestCorrectShutdownClosesTheDoorTheMomentItIsCalled(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		k := suiteNewKitchen(300 * time.Millisecond)
		c := NewCounter(3, k.handle)
		const submitters, tries = 6, 20
		accepted := make([][]int, submitters)
		var wg sync.WaitGroup
		for s := range submitters {
			wg.Go(func() {
				for i := range tries { // one order every 100ms, from 0s to 1.9s
					order := s*tries + i
					err := c.Submit(order)
					switch {
					case err == nil:
						accepted[s] = append(accepted[s], order)
					case !errors.Is(err, ErrClosed):
						t.Errorf("Submit(%d) = %v, want nil or ErrClosed", order, err)
					}
					time.Sleep(100 * time.Millisecond)
				}
			})
		}
		time.Sleep(1050 * time.Millisecond)
		require.NoError(t, c.Shutdown(context.Background()))
		wg.Wait()
		var all []int
		for s := range submitters {
			want := make([]int, 11) // the orders of 0s, 0.1s, ..., 1s
			for i := range want {
				want[i] = s*tries + i
			}
			require.Empty(t, cmp.Diff(want, accepted[s]),
				"submitter %d: orders accepted before Shutdown at 1.05s, and none after (-want +got)", s)
			all = append(all, accepted[s]...)
		}
		k.requireHandledOnce(t, all)
	})
}

func TestCorrectSubmittersRacingShutdownLoseNothing(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		k := suiteNewKitchen(0)
		c := NewCounter(4, k.handle)
		const submitters, tries = 8, 200
		accepted := make([][]int, submitters)
		started := make(chan struct{}, submitters)
		var wg sync.WaitGroup
		for s := range submitters {
			wg.Go(func() {
				for i := range tries {
					if i == 10 {
						started <- struct{}{}
					}
					order := s*tries + i
					if err := c.Submit(order); err != nil {
						assert.ErrorIs(t, err, ErrClosed)
						assert.ErrorIs(t, c.Submit(-1), ErrClosed, "once Submit has returned ErrClosed, it must keep doing so")
						return
					}
					accepted[s] = append(accepted[s], order)
					runtime.Gosched()
				}
			})
		}
		for range submitters {
			<-started
		}
		shutdowns := make(chan error, 2)
		for range 2 { // two Shutdowns racing each other and the submitters
			go func() { shutdowns <- c.Shutdown(context.Background()) }()
		}
		require.NoError(t, <-shutdowns)
		require.NoError(t, <-shutdowns)
		wg.Wait()
		var all []int
		for s := range submitters {
			all = append(all, accepted[s]...)
		}
		require.GreaterOrEqual(t, len(all), submitters*10, "every submitter had orders accepted before Shutdown")
		k.requireHandledOnce(t, all)
	})
}

func TestCorrectShutdownReturnsTheContextErrorAndTheWorkGoesOn(t *testing.T) {
	tests := []struct {
		name    string
		orders  int
		context func() (context.Context, context.CancelFunc)
		want    error
	}{
		{"deadline", 6, func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 1500*time.Millisecond)
		}, context.DeadlineExceeded},
		{"cancel", 6, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(500*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled},
		{"context ended before Shutdown", 3, func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			return ctx, cancel
		}, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				k := suiteNewKitchen(time.Second)
				c := NewCounter(2, k.handle)
				orders := suiteOrders(tc.orders)
				suiteSubmitAll(t, c, orders)
				ctx, cancel := tc.context()
				defer cancel()
				require.ErrorIs(t, c.Shutdown(ctx), tc.want)
				require.ErrorIs(t, c.Submit(7), ErrClosed, "Shutdown closes the counter even when it gives up")
				time.Sleep(time.Hour)
				k.requireHandledOnce(t, orders)
			})
		})
	}
}

func TestCorrectShutdownCanBeCalledAgain(t *testing.T) {
	t.Run("several at once", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(2, k.handle)
			orders := suiteOrders(5)
			suiteSubmitAll(t, c, orders)
			errs := make([]error, 4)
			counts := make([]int, 4)
			var wg sync.WaitGroup
			for i := range errs {
				wg.Go(func() {
					errs[i] = c.Shutdown(context.Background())
					counts[i] = k.count()
				})
			}
			wg.Wait()
			for i := range errs {
				require.NoError(t, errs[i], "Shutdown %d", i)
				require.Equal(t, 5, counts[i], "Shutdown %d returned before every order was handled", i)
			}
			k.requireHandledOnce(t, orders)
		})
	})
	t.Run("once more after it returned", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(2, k.handle)
			suiteSubmitAll(t, c, []int{1, 2, 3})
			require.NoError(t, c.Shutdown(context.Background()))
			require.NoError(t, c.Shutdown(context.Background()), "a second Shutdown")
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			require.NoError(t, c.Shutdown(ctx), "a Shutdown after the closing is over returns nil, even with an ended ctx")
		})
	})
	t.Run("again after one gave up", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(1, k.handle)
			suiteSubmitAll(t, c, []int{1, 2, 3})
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			require.ErrorIs(t, c.Shutdown(ctx), context.DeadlineExceeded)
			require.NoError(t, c.Shutdown(context.Background()), "a second Shutdown waits for the same closing")
			require.Equal(t, 3, k.count(), "the second Shutdown returned before every order was handled")
		})
	})
}

// TestCorrectClosingTimeDrainsTheQueueInRealTime has customers order faster
// than three cooks can make their dishes, then closes the counter. It is also
// the workload `grader trace 20` draws: the queue growing while the doors are
// open, and the cooks working it off before they all go home.
func TestCorrectClosingTimeDrainsTheQueueInRealTime(t *testing.T) {
	orders := suiteOrders(24)
	katatest.Traced(t, func() {
		k := suiteNewKitchen(3 * time.Millisecond)
		c := NewCounter(3, k.handle)
		for _, o := range orders {
			require.NoError(t, c.Submit(o), "Submit(%d) on an open counter", o)
			time.Sleep(250 * time.Microsecond) // the next customer steps up
		}
		ctx := context.Background() // real time: a call stuck for good hangs here, and the run limit shows where
		require.NoError(t, c.Shutdown(ctx), "Shutdown with time to spare must return nil once the queue is drained")
		assert.ErrorIs(t, c.Submit(999), ErrClosed, "Submit once the counter is closed")
		k.requireHandledOnce(t, orders)
	})
}

// ---- timing ----------------------------------------------------------------

func TestTimingShutdownReturnsWhenTheLastOrderIsHandled(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		k := suiteNewKitchen(time.Second)
		c := NewCounter(3, k.handle)
		suiteSubmitAll(t, c, suiteOrders(6))
		time.Sleep(500 * time.Millisecond)
		require.NoError(t, c.Shutdown(context.Background()))
		assert.Equal(t, 2*time.Second, time.Since(start),
			"six orders of 1s on three workers are all handled at 2s; Shutdown must return then, not before, not after")
	})
}

func TestTimingShutdownGivesUpExactlyWhenTheContextEnds(t *testing.T) {
	t.Run("deadline", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			start := time.Now()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(1, k.handle)
			suiteSubmitAll(t, c, suiteOrders(3))
			ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
			defer cancel()
			require.ErrorIs(t, c.Shutdown(ctx), context.DeadlineExceeded)
			assert.Equal(t, 1500*time.Millisecond, time.Since(start), "Shutdown must give up exactly at ctx's deadline")
		})
	})
	t.Run("cancel", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			start := time.Now()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(1, k.handle)
			suiteSubmitAll(t, c, suiteOrders(3))
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(750*time.Millisecond, cancel)
			require.ErrorIs(t, c.Shutdown(ctx), context.Canceled)
			assert.Equal(t, 750*time.Millisecond, time.Since(start), "Shutdown must give up the moment ctx is cancelled")
		})
	})
}

func TestTimingWorkersHandleOrdersInParallel(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		k := suiteNewKitchen(time.Second)
		c := NewCounter(4, k.handle)
		suiteSubmitAll(t, c, suiteOrders(10))
		time.Sleep(500 * time.Millisecond)
		assert.Equal(t, 4, k.gauge.Current(), "with orders waiting, all four workers must be busy")
		require.NoError(t, c.Shutdown(context.Background()))
		assert.Equal(t, 3*time.Second, time.Since(start), "ten orders of 1s on four workers take 3s")
		assert.Equal(t, 4, k.gauge.Max(), "never more than four orders at once")
	})
}

func TestTimingEveryWorkerStaysBusyWhileOrdersWait(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		const workers, quiet, rush = 3, 8, 12
		k := suiteNewKitchen(time.Second)
		var c *Counter
		// A quiet spell first: one order at a time, each placed the moment the
		// previous one is handed over, while the other workers are idle.
		c = NewCounter(workers, func(order int) {
			k.handle(order)
			if order < quiet {
				assert.NoError(t, c.Submit(order+1), "Submit from inside handle")
			}
		})
		require.NoError(t, c.Submit(1))
		time.Sleep(quiet*time.Second + 500*time.Millisecond)
		require.Equal(t, quiet, k.count(), "the quiet spell's orders, one after another, take %ds", quiet)

		// Then a rush: while orders wait, every worker must be at work.
		start := time.Now()
		suiteSubmitAll(t, c, suiteOrders(rush))
		time.Sleep(500 * time.Millisecond)
		for second := range rush / workers {
			if !assert.Equal(t, workers, k.gauge.Current(),
				"%v into a rush of %d orders of 1s, with orders still waiting, all %d workers must be busy",
				time.Since(start), rush, workers) {
				break
			}
			if second < rush/workers-1 {
				time.Sleep(time.Second)
			}
		}
		require.NoError(t, c.Shutdown(context.Background()))
		assert.Equal(t, rush/workers*time.Second, time.Since(start),
			"%d orders of 1s on %d workers take %ds", rush, workers, rush/workers)
	})
}

func TestTimingSubmitNeverWaits(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		k := suiteNewKitchen(time.Second)
		c := NewCounter(1, k.handle)
		suiteSubmitAll(t, c, suiteOrders(50))
		assert.Equal(t, time.Duration(0), time.Since(start), "Submit must return at once, even when every worker is busy")
		require.NoError(t, c.Shutdown(context.Background()))
		assert.Equal(t, 50*time.Second, time.Since(start), "fifty orders of 1s on one worker take 50s")
	})
}

// ---- leaks -----------------------------------------------------------------

func TestLeakNothingLeftAfterShutdown(t *testing.T) {
	t.Run("no orders", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(3, k.handle)
			require.NoError(t, c.Shutdown(context.Background()))
			katatest.NoLeaks(t)
		})
	})
	t.Run("orders waiting and being handled", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			k := suiteNewKitchen(time.Second)
			c := NewCounter(3, k.handle)
			suiteSubmitAll(t, c, suiteOrders(8))
			time.Sleep(500 * time.Millisecond)
			require.NoError(t, c.Shutdown(context.Background()))
			katatest.NoLeaks(t)
		})
	})
}

func TestLeakNothingLeftOnceTheWorkIsDoneAfterATimeout(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		k := suiteNewKitchen(time.Second)
		c := NewCounter(2, k.handle)
		orders := suiteOrders(6)
		suiteSubmitAll(t, c, orders)
		ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
		defer cancel()
		require.ErrorIs(t, c.Shutdown(ctx), context.DeadlineExceeded)
		time.Sleep(time.Hour) // the orders have all been handled by now
		k.requireHandledOnce(t, orders)
		katatest.NoLeaks(t)
	})
}
