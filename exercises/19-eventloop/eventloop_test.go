package eventloop

import (
	"context"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// Nearly every test runs inside katatest.Bubble, where time is fake: it moves
// only while every goroutine of the bubble is blocked, and then jumps straight
// to the next timer. A Run that polls in a busy loop never lets it move, so
// such a Run hangs these tests.
//
// Callbacks run one at a time on Run's goroutine, so the suite's callbacks
// write to a suiteLog without a lock, and the suite reads it only after Run has
// returned. A loop that runs callbacks at the same time makes the race detector
// speak up.

// suiteGuard is how long, in fake time, the suite lets Run go before it gives
// up on a Stop that never came.
const suiteGuard = 24 * time.Hour

// suiteLog records which callbacks ran, in order, and when.
type suiteLog struct {
	start time.Time
	names []string
	at    map[string]time.Duration
}

func suiteNewLog() *suiteLog {
	return &suiteLog{start: time.Now(), at: map[string]time.Duration{}}
}

// note returns a callback that records name.
func (s *suiteLog) note(name string) func() {
	return func() {
		s.names = append(s.names, name)
		s.at[name] = time.Since(s.start)
	}
}

// noteAndStop returns a callback that records name and stops l.
func (s *suiteLog) noteAndStop(l *Loop, name string) func() {
	return func() {
		s.note(name)()
		l.Stop()
	}
}

// suiteRun runs l until Stop, giving up after suiteGuard of fake time, and
// fails the test unless Run returned nil.
func suiteRun(t *testing.T, l *Loop) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), suiteGuard)
	defer cancel()
	err := l.Run(ctx)
	require.NoError(t, err, "Run must return nil after Stop (the suite waited a whole fake day for it)")
}

// suiteGoroutineID returns the number of the calling goroutine.
func suiteGoroutineID() string {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	return strings.Fields(string(buf))[1] // "goroutine 18 [running]:"
}

// suiteClosingTime lets anything still sleeping in the bubble wake up, so that
// a wrong loop fails its test instead of ending the bubble with sleepers left.
func suiteClosingTime() { time.Sleep(48 * time.Hour) }

// ---- correctness -----------------------------------------------------------

func TestCorrectRunCallsEveryCallbackOnce(t *testing.T) {
	t.Run("callbacks scheduled before Run", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallSoon(log.note("rye"))
			l.CallLater(time.Second, log.note("bagel"))
			l.CallSoon(log.note("soup"))
			l.CallLater(2*time.Second, log.noteAndStop(l, "stew"))
			suiteRun(t, l)
			got := slices.Sorted(slices.Values(log.names))
			assert.Empty(t, cmp.Diff([]string{"bagel", "rye", "soup", "stew"}, got), "callbacks that ran (-want +got)")
		})
	})
	t.Run("callbacks scheduled by callbacks", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallSoon(func() {
				log.note("rye")()
				l.CallSoon(log.note("bagel"))
				l.CallLater(time.Second, func() {
					log.note("soup")()
					l.CallSoon(func() {
						log.note("stew")()
						l.CallLater(time.Second, log.noteAndStop(l, "pie"))
					})
				})
			})
			suiteRun(t, l)
			got := slices.Sorted(slices.Values(log.names))
			assert.Empty(t, cmp.Diff([]string{"bagel", "pie", "rye", "soup", "stew"}, got), "callbacks that ran (-want +got)")
		})
	})
}

func TestCorrectRunReturnsNilAfterStop(t *testing.T) {
	t.Run("Stop from a callback", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			l.CallLater(time.Second, l.Stop)
			suiteRun(t, l)
		})
	})
	t.Run("Stop from another goroutine while Run waits", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			go func() {
				time.Sleep(time.Second)
				l.Stop()
			}()
			suiteRun(t, l)
		})
	})
	t.Run("Stop before Run is kept for Run", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallSoon(log.note("rye"))
			l.Stop()
			suiteRun(t, l)
			assert.Empty(t, log.names, "after an early Stop, Run must return before running anything")

			l.CallLater(time.Second, l.Stop)
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"rye"}, log.names), "the next Run runs what was scheduled (-want +got)")
		})
	})
	t.Run("several Stops before Run count as one", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.Stop()
			l.Stop()
			l.Stop()
			suiteRun(t, l)
			l.CallSoon(log.note("rye"))
			l.CallLater(time.Second, log.noteAndStop(l, "bagel"))
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"rye", "bagel"}, log.names), "the second Run must not stop early (-want +got)")
		})
	})
}

func TestCorrectRunReturnsTheContextError(t *testing.T) {
	t.Run("deadline while waiting", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			l.CallLater(time.Hour, func() {})
			ctx, cancel := context.WithTimeout(context.Background(), time.Second)
			defer cancel()
			err := l.Run(ctx)
			assert.ErrorIs(t, err, context.DeadlineExceeded)
		})
	})
	t.Run("cancel from a callback", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			l.CallSoon(func() { log.note("rye")(); cancel() })
			l.CallLater(time.Second, log.note("bagel"))
			err := l.Run(ctx)
			require.ErrorIs(t, err, context.Canceled)
			assert.Empty(t, cmp.Diff([]string{"rye"}, log.names), "no callback may start once ctx has ended (-want +got)")
		})
	})
	t.Run("context ended before Run", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallSoon(log.note("rye"))
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			err := l.Run(ctx)
			require.ErrorIs(t, err, context.Canceled)
			assert.Empty(t, log.names, "Run must not run anything with a context that has ended")
		})
	})
}

func TestCorrectPendingCallbacksWaitForTheNextRun(t *testing.T) {
	t.Run("after Stop", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallSoon(func() {
				log.note("rye")()
				l.CallSoon(log.note("bagel")) // due, but scheduled by the callback that stops
				l.Stop()
			})
			l.CallLater(time.Second, log.note("soup"))
			suiteRun(t, l)
			require.Empty(t, cmp.Diff([]string{"rye"}, log.names), "no callback may start after Stop (-want +got)")

			time.Sleep(5 * time.Second)
			l.CallLater(10*time.Second, l.Stop)
			suiteRun(t, l)
			got := slices.Sorted(slices.Values(log.names))
			assert.Empty(t, cmp.Diff([]string{"bagel", "rye", "soup"}, got),
				"callbacks pending at Stop must run in the next Run (-want +got)")
		})
	})
	t.Run("after a cancel", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			l.CallSoon(func() {
				log.note("rye")()
				l.CallSoon(log.note("bagel")) // due, but scheduled by the callback that cancels
				cancel()
			})
			l.CallLater(time.Second, log.note("soup"))
			require.ErrorIs(t, l.Run(ctx), context.Canceled)
			require.Empty(t, cmp.Diff([]string{"rye"}, log.names), "no callback may start once ctx has ended (-want +got)")

			l.CallLater(10*time.Second, l.Stop)
			suiteRun(t, l)
			got := slices.Sorted(slices.Values(log.names))
			assert.Empty(t, cmp.Diff([]string{"bagel", "rye", "soup"}, got),
				"callbacks pending at the cancel must run in the next Run (-want +got)")
		})
	})
}

func TestCorrectRunCallsCallbacksOnItsOwnGoroutine(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		l := NewLoop()
		var ids []string // written by callbacks only
		record := func() { ids = append(ids, suiteGoroutineID()) }
		l.CallSoon(record)
		l.CallLater(time.Second, record)
		l.CallSoon(func() { record(); l.CallSoon(record) })
		go func() {
			time.Sleep(2 * time.Second)
			l.CallSoon(record)
			l.CallLater(time.Second, func() { record(); l.Stop() })
		}()
		runner := make(chan string, 1)
		done := make(chan error, 1)
		go func() {
			runner <- suiteGoroutineID()
			done <- l.Run(context.Background())
		}()
		require.NoError(t, <-done)
		want := <-runner
		require.Len(t, ids, 6, "every callback must run")
		for i, id := range ids {
			assert.Equal(t, want, id, "callback %d ran on goroutine %s, not on Run's goroutine %s", i, id, want)
		}
	})
}

func TestCorrectCallbacksScheduledFromManyGoroutinesAllRun(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		const schedulers, each = 8, 25
		l := NewLoop()
		seen := map[int]int{}      // written by callbacks only
		all := make(chan struct{}) // closed by the callback that completes the set
		call := func(id int) func() {
			return func() {
				seen[id]++
				if len(seen) == schedulers*each {
					close(all)
				}
			}
		}
		for s := range schedulers {
			go func() {
				for i := range each {
					id := s*each + i
					if i%2 == 0 {
						l.CallSoon(call(id))
					} else {
						l.CallLater(time.Duration(i)*time.Millisecond, call(id))
					}
					runtime.Gosched()
				}
			}()
		}
		for range 4 { // several goroutines stop the loop at once
			go func() {
				<-all
				l.Stop()
			}()
		}
		suiteRun(t, l)
		require.Len(t, seen, schedulers*each, "every callback must run")
		for id, n := range seen {
			require.Equal(t, 1, n, "callback %d ran %d times", id, n)
		}
	})
}

// TestCorrectTheTillRingsUpEveryOrderInRealTime has three waiters hand the
// till orders, now or a moment later, for a loop to ring up. It is also the
// workload `grader trace 19` draws: every order rung up, one at a time, on the
// loop's one goroutine, which waits in between for the next order or timer.
func TestCorrectTheTillRingsUpEveryOrderInRealTime(t *testing.T) {
	const waiters, each = 3, 10
	katatest.Traced(t, func() {
		l := NewLoop()
		seen, rung := make([]int, waiters*each), 0 // written by callbacks only
		ringUp := func(id int) func() {
			return func() {
				if suiteRingUp(40000) != 0 { // always: the sum is there so that its work is done
					seen[id]++
				}
				if rung++; rung == waiters*each {
					l.Stop()
				}
			}
		}
		var wg sync.WaitGroup
		for w := range waiters {
			wg.Go(func() {
				for i := range each {
					time.Sleep(2 * time.Millisecond) // taking the next order
					if id := w*each + i; i%2 == 0 {
						l.CallSoon(ringUp(id))
					} else {
						l.CallLater(2*time.Millisecond, ringUp(id))
					}
				}
			})
		}
		ctx := context.Background() // real time: a call stuck for good hangs here, and the run limit shows where
		assert.NoError(t, l.Run(ctx), "Run must return nil after Stop, once every order is rung up")
		wg.Wait()
		assert.Empty(t, cmp.Diff(slices.Repeat([]int{1}, waiters*each), seen), "times each order was rung up (-want +got)")
	})
}

// suiteRingUp stands for the work of ringing up an order: n rounds of
// arithmetic, whose result the caller uses so that the work is done.
func suiteRingUp(n int) uint64 {
	x := uint64(1)
	for i := range n {
		x = x*6364136223846793005 + uint64(i) | 1
	}
	return x
}

// ---- ordering --------------------------------------------------------------

func TestOrderCallSoonIsFirstInFirstOut(t *testing.T) {
	t.Run("callbacks scheduled before Run", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			want := []string{"rye", "bagel", "soup", "stew", "pie", "toast", "latte", "kugel"}
			for _, name := range want {
				l.CallSoon(log.note(name))
			}
			l.CallSoon(l.Stop)
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff(want, log.names), "CallSoon callbacks must run in the order they were scheduled (-want +got)")
		})
	})
	t.Run("callbacks scheduled by callbacks queue up behind the others", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallSoon(func() { log.note("rye")(); l.CallSoon(log.note("toast")) })
			l.CallSoon(func() { log.note("bagel")(); l.CallSoon(log.noteAndStop(l, "latte")) })
			l.CallSoon(log.note("soup"))
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"rye", "bagel", "soup", "toast", "latte"}, log.names),
				"CallSoon callbacks must run in the order they were scheduled (-want +got)")
		})
	})
	t.Run("callbacks scheduled from another goroutine while Run waits", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			go func() {
				time.Sleep(time.Second)
				for _, name := range []string{"rye", "bagel", "soup", "stew"} {
					l.CallSoon(log.note(name))
				}
				l.CallSoon(l.Stop)
			}()
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"rye", "bagel", "soup", "stew"}, log.names),
				"CallSoon callbacks must run in the order they were scheduled (-want +got)")
		})
	})
}

func TestOrderCallLaterRunsByDueTime(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		l := NewLoop()
		log := suiteNewLog()
		l.CallLater(3*time.Second, log.noteAndStop(l, "stew"))
		l.CallLater(time.Second, func() {
			log.note("bagel")()
			l.CallLater(500*time.Millisecond, log.note("toast")) // due at 1.5s
		})
		l.CallLater(2500*time.Millisecond, log.note("soup"))
		l.CallLater(500*time.Millisecond, log.note("rye"))
		l.CallLater(2*time.Second, log.note("latte"))
		suiteRun(t, l)
		assert.Empty(t, cmp.Diff([]string{"rye", "bagel", "toast", "latte", "soup", "stew"}, log.names),
			"timers must run by due time (-want +got)")
	})
}

func TestOrderEqualDueTimesRunInTheOrderTheyWereScheduled(t *testing.T) {
	t.Run("twenty timers due together", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			var got, want []int // got is written by callbacks only
			for i := range 20 {
				want = append(want, i)
				l.CallLater(time.Second, func() { got = append(got, i) })
			}
			l.CallLater(time.Second, l.Stop)
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff(want, got), "timers due at the same time must run in the order they were scheduled (-want +got)")
		})
	})
	t.Run("two due times interleaved", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallLater(2*time.Second, log.note("rye"))
			l.CallLater(time.Second, log.note("bagel"))
			l.CallLater(2*time.Second, log.note("soup"))
			l.CallLater(time.Second, log.note("stew"))
			l.CallLater(2*time.Second, log.note("pie"))
			l.CallLater(time.Second, log.note("toast"))
			l.CallLater(2*time.Second, l.Stop)
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"bagel", "stew", "toast", "rye", "soup", "pie"}, log.names),
				"by due time, then in the order scheduled (-want +got)")
		})
	})
	t.Run("the same due time reached from different moments", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallLater(2*time.Second, log.note("rye")) // due at 2s, scheduled at 0s
			l.CallLater(time.Second, func() {
				l.CallLater(time.Second, log.noteAndStop(l, "bagel")) // due at 2s, scheduled at 1s
			})
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"rye", "bagel"}, log.names), "equal due times: first scheduled runs first (-want +got)")
		})
	})
	t.Run("CallSoon and CallLater with no delay share one line", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallSoon(log.note("rye"))
			l.CallLater(0, log.note("bagel"))
			l.CallSoon(log.note("soup"))
			l.CallLater(-time.Second, log.note("stew"))
			l.CallSoon(log.noteAndStop(l, "pie"))
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"rye", "bagel", "soup", "stew", "pie"}, log.names),
				"CallLater with a delay of zero or less is CallSoon (-want +got)")
		})
	})
}

func TestOrderATimerThatFellDueGoesBeforeLaterCallSoon(t *testing.T) {
	t.Run("a timer that fell due during a slow callback", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallLater(time.Second, log.note("timer"))
			l.CallSoon(func() {
				log.note("slow")()
				time.Sleep(2 * time.Second)
				l.CallSoon(log.noteAndStop(l, "soon")) // due at 2s, after the timer's 1s
			})
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"slow", "timer", "soon"}, log.names),
				"a timer due at 1s runs before a CallSoon made at 2s (-want +got)")
		})
	})
	t.Run("a timer due at the instant of a later CallSoon", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallLater(time.Second, log.note("timer"))
			l.CallSoon(func() {
				log.note("slow")()
				time.Sleep(time.Second)
				l.CallSoon(log.noteAndStop(l, "soon")) // due at 1s, like the timer, but scheduled after it
			})
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"slow", "timer", "soon"}, log.names),
				"equal due times: the timer was scheduled first (-want +got)")
		})
	})
	t.Run("a CallSoon made before the timer fell due", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallLater(time.Second, log.noteAndStop(l, "timer"))
			l.CallSoon(func() {
				log.note("slow")()
				l.CallSoon(log.note("soon")) // due at 0s, before the timer's 1s
				time.Sleep(2 * time.Second)
			})
			suiteRun(t, l)
			assert.Empty(t, cmp.Diff([]string{"slow", "soon", "timer"}, log.names),
				"a CallSoon made at 0s runs before a timer due at 1s (-want +got)")
		})
	})
}

// ---- timing ----------------------------------------------------------------

func TestTimingCallLaterRunsExactlyAtItsDueTime(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		l := NewLoop()
		log := suiteNewLog()
		odd := 3*time.Second + 7*time.Microsecond
		l.CallLater(250*time.Millisecond, log.note("rye"))
		l.CallLater(1500*time.Millisecond, func() {
			log.note("bagel")()
			l.CallLater(700*time.Millisecond, log.note("toast")) // due at 2.2s
		})
		l.CallLater(2*time.Second, log.note("soup"))
		l.CallLater(odd, log.noteAndStop(l, "stew"))
		suiteRun(t, l)
		want := map[string]time.Duration{
			"rye":   250 * time.Millisecond,
			"bagel": 1500 * time.Millisecond,
			"soup":  2 * time.Second,
			"toast": 2200 * time.Millisecond,
			"stew":  odd,
		}
		assert.Empty(t, cmp.Diff(want, log.at), "when each callback ran, in fake time since the start (-want +got)")
		assert.Equal(t, odd, time.Since(log.start), "Run must return right after the callback that stopped it")
	})
}

func TestTimingDelayCountsFromTheCallNotFromRun(t *testing.T) {
	t.Run("Run starts before the timer is due", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallLater(2*time.Second, log.noteAndStop(l, "rye"))
			time.Sleep(1500 * time.Millisecond)
			suiteRun(t, l)
			assert.Equal(t, 2*time.Second, log.at["rye"], "a timer set at 0s for 2s is due at 2s, whenever Run starts")
		})
	})
	t.Run("Run starts after the timer is due", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallLater(time.Second, log.noteAndStop(l, "rye"))
			time.Sleep(3 * time.Second)
			suiteRun(t, l)
			assert.Equal(t, 3*time.Second, log.at["rye"], "a timer that fell due before Run started runs at once")
		})
	})
}

func TestTimingABlockingCallbackDelaysTheOthers(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		l := NewLoop()
		log := suiteNewLog()
		var gauge katatest.Gauge
		track := func(f func()) func() {
			return func() {
				gauge.Enter()
				defer gauge.Exit()
				f()
			}
		}
		l.CallSoon(track(func() {
			log.note("slow")()
			time.Sleep(time.Second)
		}))
		l.CallLater(time.Millisecond, track(log.note("rye")))
		l.CallLater(500*time.Millisecond, track(log.note("bagel")))
		l.CallLater(3*time.Second, track(log.noteAndStop(l, "soup")))
		suiteRun(t, l)
		want := map[string]time.Duration{
			"slow":  0,
			"rye":   time.Second,
			"bagel": time.Second,
			"soup":  3 * time.Second,
		}
		assert.Empty(t, cmp.Diff(want, log.at), "a callback that blocks for 1s holds up the others (-want +got)")
		assert.Equal(t, 1, gauge.Max(), "callbacks must never overlap")
	})
}

func TestTimingRunWakesForAnotherGoroutine(t *testing.T) {
	t.Run("CallSoon while Run waits for a far timer", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallLater(time.Hour, func() {})
			go func() {
				time.Sleep(750 * time.Millisecond)
				l.CallSoon(log.noteAndStop(l, "rye"))
			}()
			suiteRun(t, l)
			assert.Equal(t, 750*time.Millisecond, log.at["rye"], "a CallSoon from another goroutine must run at once")
			assert.Equal(t, 750*time.Millisecond, time.Since(log.start), "Run must return right after the callback that stopped it")
		})
	})
	t.Run("CallLater due before the pending timer", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			log := suiteNewLog()
			l.CallLater(time.Hour, func() {})
			go func() {
				time.Sleep(time.Second)
				l.CallLater(500*time.Millisecond, log.noteAndStop(l, "rye"))
			}()
			suiteRun(t, l)
			assert.Equal(t, 1500*time.Millisecond, log.at["rye"], "a timer set at 1s for 500ms must run at 1.5s")
		})
	})
	t.Run("Stop while Run waits", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			start := time.Now()
			l.CallLater(time.Hour, func() {})
			go func() {
				time.Sleep(1250 * time.Millisecond)
				l.Stop()
			}()
			suiteRun(t, l)
			assert.Equal(t, 1250*time.Millisecond, time.Since(start), "Run must return the moment Stop is called")
		})
	})
}

func TestTimingACallSoonMadeAsRunGoesBackToWaitingIsNeverLost(t *testing.T) {
	// Run looks at ctx.Done() on its way back to waiting. The suite's context
	// uses that moment: each callback arms it, and when Run next asks for Done,
	// another goroutine schedules the next callback before Run gets to wait.
	// Each callback must still run at once, all of it at fake time 0.
	const rounds = 50
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		l := NewLoop()
		guard, cancel := context.WithTimeout(context.Background(), suiteGuard)
		defer cancel()
		var ran atomic.Int64 // callbacks run so far
		finished := make(chan struct{})
		var ctx *suiteNudgingContext
		var callback func()
		callback = func() {
			if ran.Add(1) == rounds {
				close(finished)
				return
			}
			ctx.arm() // the next Done call has the next callback scheduled
		}
		ctx = suiteNewNudgingContext(guard, func() { l.CallSoon(callback) })
		defer ctx.stop()
		l.CallSoon(callback)
		errc := make(chan error, 1)
		go func() { errc <- l.Run(ctx) }()
		select {
		case <-finished:
		case <-time.After(time.Hour):
		}
		assert.Equal(t, time.Duration(0), time.Since(start),
			"each callback scheduled by another goroutine as Run went back to waiting must run at once; %d of %d ran at once", ran.Load(), rounds)
		l.Stop()
		require.NoError(t, <-errc, "Run must return nil after Stop")
	})
}

// suiteNudgingContext is a context whose Done method, once armed, has a
// goroutine of its own call schedule, and yields until that call has
// returned (or a while has passed: a Run that asks for Done while holding a
// lock that schedule needs must not deadlock) before it answers.
type suiteNudgingContext struct {
	context.Context
	armed, made atomic.Bool
	kick        chan struct{}
}

func suiteNewNudgingContext(parent context.Context, schedule func()) *suiteNudgingContext {
	c := &suiteNudgingContext{Context: parent, kick: make(chan struct{}, 1)}
	go func() {
		for range c.kick {
			schedule()
			c.made.Store(true)
		}
	}()
	return c
}

func (c *suiteNudgingContext) arm() { c.armed.Store(true) }

// stop ends the scheduling goroutine.
func (c *suiteNudgingContext) stop() { close(c.kick) }

func (c *suiteNudgingContext) Done() <-chan struct{} {
	if c.armed.CompareAndSwap(true, false) {
		c.made.Store(false)
		select {
		case c.kick <- struct{}{}:
		default:
		}
		for i := 0; i < 1000 && !c.made.Load(); i++ {
			runtime.Gosched()
		}
	}
	return c.Context.Done()
}

func TestTimingRunReturnsTheMomentTheContextEnds(t *testing.T) {
	t.Run("deadline with nothing scheduled", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			start := time.Now()
			deadline := 2*time.Second + 3*time.Microsecond
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			require.ErrorIs(t, l.Run(ctx), context.DeadlineExceeded)
			assert.Equal(t, deadline, time.Since(start), "Run must return exactly at ctx's deadline")
		})
	})
	t.Run("cancel while a timer is pending", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			start := time.Now()
			l.CallLater(time.Hour, func() {})
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			go func() {
				time.Sleep(1500*time.Millisecond + 11*time.Microsecond)
				cancel()
			}()
			require.ErrorIs(t, l.Run(ctx), context.Canceled)
			assert.Equal(t, 1500*time.Millisecond+11*time.Microsecond, time.Since(start), "Run must return the moment ctx is cancelled")
		})
	})
	t.Run("context ended before Run", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			l := NewLoop()
			start := time.Now()
			l.CallSoon(func() {})
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			require.ErrorIs(t, l.Run(ctx), context.Canceled)
			assert.Equal(t, time.Duration(0), time.Since(start), "Run must return at once")
		})
	})
}

// ---- leaks -----------------------------------------------------------------

func TestLeakNothingLeftAfterStop(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		l := NewLoop()
		l.CallLater(time.Hour, func() {})
		l.CallLater(2*time.Hour, func() {})
		l.CallSoon(func() {})
		l.CallLater(time.Second, l.Stop)
		suiteRun(t, l)
		katatest.NoLeaks(t)
	})
}

func TestLeakNothingLeftAfterTheContextEnds(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		l := NewLoop()
		l.CallLater(time.Hour, func() {})
		l.CallLater(2*time.Hour, func() {})
		l.CallSoon(func() {})
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		require.ErrorIs(t, l.Run(ctx), context.DeadlineExceeded)
		katatest.NoLeaks(t)
	})
}

func TestLeakNothingLeftAfterManyRuns(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		l := NewLoop()
		for i := range 5 {
			l.CallLater(time.Duration(i+1)*time.Hour, func() {})
			l.CallSoon(l.Stop)
			suiteRun(t, l)
		}
		katatest.NoLeaks(t)
	})
}
