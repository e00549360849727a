package ratelimit

import (
	"context"
	"fmt"
	"slices"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// Every test but the real-time scenario runs inside katatest.Bubble, where
// time is fake: time.Sleep returns as soon as every goroutine of the bubble is
// blocked, with exactly the time asked for gone by, and time.Since measures
// that fake time. Durations such as 1500*time.Millisecond are instants counted
// from the test's start.

// suiteSlack is how far from its exact instant an admission may come, either
// way. Fake time is exact, but a limiter that counts tokens in float64, as
// golang.org/x/time/rate does, rounds: 2.7-1+0.3 seconds of tokens can come
// out a nanosecond short of 2s. A microsecond forgives that rounding and
// nothing else: every real timing mistake is off by far more. Instants where
// Allow must find a token are sampled suiteSlack after the token accrues.
const suiteSlack = time.Microsecond

// suiteInstants fails t unless got has as many instants as want and each lies
// within suiteSlack of the one wanted. what says what the instants are.
func suiteInstants(t *testing.T, want, got []time.Duration, what string) bool {
	t.Helper()
	near := len(want) == len(got)
	for i := 0; near && i < len(want); i++ {
		near = (got[i] - want[i]).Abs() <= suiteSlack
	}
	if near {
		return true
	}
	return assert.Fail(t, fmt.Sprintf("%s, each within %v (-want +got):\n%s", what, suiteSlack, cmp.Diff(want, got)))
}

// suiteInstant is suiteInstants for one instant.
func suiteInstant(t *testing.T, want, got time.Duration, what string) bool {
	t.Helper()
	return suiteInstants(t, []time.Duration{want}, []time.Duration{got}, what)
}

// suiteCall is the outcome of one customer's call of Wait.
type suiteCall struct {
	ID  int
	At  time.Duration // when Wait returned, from the door's opening
	Err error
}

// suiteDoor sends customers to a limiter's Wait, each in a goroutine of its
// own, and records when each call returned, in the order they returned.
type suiteDoor struct {
	l     *Limiter
	start time.Time
	wg    sync.WaitGroup
	mu    sync.Mutex
	calls []suiteCall
}

func suiteOpen(l *Limiter) *suiteDoor { return &suiteDoor{l: l, start: time.Now()} }

// arrive starts customer id's call of Wait with ctx, and returns once that call
// is waiting (or has already returned), so that customers sent one after
// another call Wait in that order.
func (d *suiteDoor) arrive(ctx context.Context, id int) {
	d.wg.Add(1)
	go func() {
		defer d.wg.Done()
		err := d.l.Wait(ctx)
		d.mu.Lock()
		defer d.mu.Unlock()
		d.calls = append(d.calls, suiteCall{ID: id, At: time.Since(d.start), Err: err})
	}()
	synctest.Wait()
}

// close waits for every call to return and gives back their outcomes in the
// order they returned.
func (d *suiteDoor) close() []suiteCall {
	d.wg.Wait()
	d.mu.Lock()
	defer d.mu.Unlock()
	return slices.Clone(d.calls)
}

// suiteOutcome returns customer id's outcome.
func suiteOutcome(t *testing.T, calls []suiteCall, id int) suiteCall {
	t.Helper()
	for _, c := range calls {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("customer %d's call of Wait never returned", id)
	return suiteCall{}
}

// suiteAdmitted returns the IDs of the customers admitted (nil error), in the
// order they were admitted, and the instants they were admitted at.
func suiteAdmitted(calls []suiteCall) (ids []int, at []time.Duration) {
	for _, c := range calls {
		if c.Err == nil {
			ids = append(ids, c.ID)
			at = append(at, c.At)
		}
	}
	return ids, at
}

// suiteAllows calls Allow n times and returns how many calls got a token.
func suiteAllows(l *Limiter, n int) int {
	got := 0
	for range n {
		if l.Allow() {
			got++
		}
	}
	return got
}

// suiteSeconds turns seconds into a slice of durations, for comparisons.
func suiteSeconds(secs ...float64) []time.Duration {
	out := make([]time.Duration, len(secs))
	for i, s := range secs {
		out[i] = time.Duration(s * float64(time.Second))
	}
	return out
}

// suiteWaitTimes calls Wait n times, one after another, and returns the
// instants each call returned at, counted from start.
func suiteWaitTimes(t *testing.T, l *Limiter, start time.Time, n int) []time.Duration {
	t.Helper()
	var at []time.Duration
	for i := range n {
		require.NoError(t, l.Wait(context.Background()), "call %d of Wait", i+1)
		at = append(at, time.Since(start))
	}
	return at
}

// ---- correctness -----------------------------------------------------------

func TestCorrectAllowLetsExactlyBurstInAtOnce(t *testing.T) {
	for _, burst := range []int{1, 3, 10} {
		t.Run(fmt.Sprintf("a bucket of %d", burst), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := NewLimiter(time.Second, burst)
				for i := range burst {
					require.True(t, l.Allow(), "call %d of Allow on a full bucket of %d", i+1, burst)
				}
				assert.Equal(t, 0, suiteAllows(l, 5), "calls of Allow that got a token from an emptied bucket")
			})
		})
	}
}

func TestCorrectTokensAccrueOnePerInterval(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 2)
		require.Equal(t, 2, suiteAllows(l, 5), "a full bucket of 2")
		start := time.Now()
		steps := []struct {
			at   time.Duration
			want int
			when string
		}{
			{500 * time.Millisecond, 0, "at 0.5s, half an interval later"},
			{time.Second + suiteSlack, 1, "at 1s"},
			{2500 * time.Millisecond, 1, "at 2.5s (the token of 2s)"},
			{3*time.Second + suiteSlack, 1, "at 3s"},
			{3999 * time.Millisecond, 0, "at 3.999s"},
			{4*time.Second + suiteSlack, 1, "at 4s"},
		}
		for _, s := range steps {
			time.Sleep(s.at - time.Since(start))
			assert.Equal(t, s.want, suiteAllows(l, 5), "tokens taken %s", s.when)
		}
	})
}

func TestCorrectAnIdleBucketSavesAtMostBurst(t *testing.T) {
	cases := []struct {
		name  string
		idle  time.Duration
		burst int
		want  int
	}{
		{"two intervals refill two of three tokens", 2 * time.Second, 3, 2},
		{"three intervals refill the bucket", 3 * time.Second, 3, 3},
		{"ten intervals still leave three tokens", 10 * time.Second, 3, 3},
		{"an idle hour leaves one token in a bucket of one", time.Hour, 1, 1},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := NewLimiter(time.Second, c.burst)
				require.Equal(t, c.burst, suiteAllows(l, c.burst+5), "a full bucket")
				time.Sleep(c.idle + suiteSlack)
				assert.Equal(t, c.want, suiteAllows(l, c.burst+5), "tokens taken after %v idle", c.idle)
			})
		})
	}
	t.Run("a bucket left full for a long time still holds burst", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(time.Second, 2)
			time.Sleep(time.Minute)
			assert.Equal(t, 2, suiteAllows(l, 10), "tokens taken after a minute untouched")
		})
	})
}

func TestCorrectWaitOnAnEndedContextTakesNoToken(t *testing.T) {
	t.Run("a cancelled context", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(time.Second, 2)
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			start := time.Now()
			for range 3 {
				require.ErrorIs(t, l.Wait(ctx), context.Canceled, "Wait with a cancelled context")
			}
			assert.Equal(t, time.Duration(0), time.Since(start), "Wait with a cancelled context must not wait")
			assert.Equal(t, 2, suiteAllows(l, 5), "tokens left for Allow: Wait must not take one for an ended context")
		})
	})
	t.Run("a context past its deadline", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(time.Second, 1)
			ctx, cancel := context.WithTimeout(context.Background(), time.Millisecond)
			defer cancel()
			time.Sleep(time.Second)
			require.Equal(t, 1, suiteAllows(l, 1), "a full bucket of one")
			time.Sleep(time.Second + suiteSlack) // a token accrues; the ended Wait must leave it
			require.ErrorIs(t, l.Wait(ctx), context.DeadlineExceeded, "Wait with an expired context")
			assert.True(t, l.Allow(), "the token that accrued must still be there for Allow")
		})
	})
	t.Run("an empty bucket and a cancelled context", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(time.Second, 1)
			require.True(t, l.Allow())
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			start := time.Now()
			require.ErrorIs(t, l.Wait(ctx), context.Canceled)
			require.Equal(t, time.Duration(0), time.Since(start), "Wait with a cancelled context must not wait")
			time.Sleep(time.Second + suiteSlack)
			assert.True(t, l.Allow(), "the next token must be left for Allow")
		})
	})
}

func TestCorrectWaitAdmitsEveryCallerInTheEnd(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 2)
		d := suiteOpen(l)
		for id := range 5 {
			d.arrive(context.Background(), id)
		}
		calls := d.close()
		require.Len(t, calls, 5)
		for _, c := range calls {
			assert.NoError(t, c.Err, "customer %d", c.ID)
		}
		assert.Equal(t, 0, suiteAllows(l, 3), "five callers of Wait took every token; Allow must find none")
	})
}

func TestCorrectEveryOfZeroOrLessMeansNoLimit(t *testing.T) {
	cases := []struct {
		name  string
		every time.Duration
		burst int
	}{
		{"every 0, burst 1", 0, 1},
		{"every 0, burst 0", 0, 0},
		{"every -1s, burst 3", -time.Second, 3},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := NewLimiter(c.every, c.burst)
				assert.Equal(t, 1000, suiteAllows(l, 1000), "calls of Allow that got a token")
				start := time.Now()
				for range 100 {
					require.NoError(t, l.Wait(context.Background()))
				}
				assert.Equal(t, time.Duration(0), time.Since(start), "100 calls of Wait without a limit must not wait")
				ctx, cancel := context.WithCancel(context.Background())
				cancel()
				assert.ErrorIs(t, l.Wait(ctx), context.Canceled, "Wait with a cancelled context, even without a limit")
			})
		})
	}
}

func TestCorrectBurstOfZeroOrLessAdmitsNobody(t *testing.T) {
	for _, burst := range []int{0, -2} {
		t.Run(fmt.Sprintf("burst %d", burst), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := NewLimiter(time.Second, burst)
				assert.Equal(t, 0, suiteAllows(l, 5), "calls of Allow that got a token at the start")
				time.Sleep(time.Hour)
				assert.Equal(t, 0, suiteAllows(l, 5), "calls of Allow that got a token after an hour")
				start := time.Now()
				ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
				defer cancel()
				err := l.Wait(ctx)
				assert.Error(t, err, "Wait on a limiter that admits nobody must give up with an error")
				assert.LessOrEqual(t, time.Since(start), 5*time.Second, "Wait must give up by the context's deadline")
			})
		})
	}
}

func TestCorrectManyCallersShareTheTokens(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		const (
			burst   = 4
			waiters = 16
			pollers = 4
		)
		l := NewLimiter(time.Second, burst)
		start := time.Now()
		var wg sync.WaitGroup
		var mu sync.Mutex
		var waited []time.Duration
		var allowed []time.Duration
		for range waiters {
			wg.Add(1)
			go func() {
				defer wg.Done()
				err := l.Wait(context.Background())
				mu.Lock()
				defer mu.Unlock()
				if assert.NoError(t, err) {
					waited = append(waited, time.Since(start))
				}
			}()
		}
		// Walk-ins try Allow every quarter second, just after it, up to 20s.
		// While the 16 callers of Wait queue (until 12s) every token is theirs.
		for range pollers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				time.Sleep(suiteSlack)
				for {
					time.Sleep(250 * time.Millisecond)
					if time.Since(start) > 20*time.Second+suiteSlack {
						return
					}
					if l.Allow() {
						mu.Lock()
						allowed = append(allowed, time.Since(start))
						mu.Unlock()
					}
				}
			}()
		}
		wg.Wait()
		slices.Sort(waited)
		slices.Sort(allowed)
		want := suiteSeconds(0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12)
		suiteInstants(t, want, waited, "instants the callers of Wait were admitted")
		want = suiteSeconds(13, 14, 15, 16, 17, 18, 19, 20)
		suiteInstants(t, want, allowed, "instants Allow got a token")
	})
}

// TestCorrectALunchQueueIsLetInInRealTime has twelve customers queue at a door
// that lets three in at once and then one every 3ms. It is also the workload
// `grader trace 17` draws: customers waiting at the door, let in one by one at
// an even pace, each then served for a moment.
func TestCorrectALunchQueueIsLetInInRealTime(t *testing.T) {
	const customers = 12
	katatest.Traced(t, func() {
		ctx := context.Background() // real time: a call stuck for good hangs here, and the run limit shows where
		l := NewLimiter(3*time.Millisecond, 3)
		var wg sync.WaitGroup
		var mu sync.Mutex
		served := 0
		for id := range customers {
			wg.Go(func() {
				if !assert.NoError(t, l.Wait(ctx), "customer %d: Wait with time to spare", id) {
					return
				}
				time.Sleep(time.Millisecond) // served at the counter
				mu.Lock()
				served++
				mu.Unlock()
			})
		}
		wg.Wait()
		assert.Equal(t, customers, served, "customers let in and served")
	})
}

// ---- ordering --------------------------------------------------------------

func TestOrderWaitersAreAdmittedFirstComeFirstServed(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 1)
		require.True(t, l.Allow(), "a full bucket of one")
		d := suiteOpen(l)
		// A customer every 0.4s, faster than the tokens come: the line grows.
		for id := range 6 {
			time.Sleep(400 * time.Millisecond)
			d.arrive(context.Background(), id)
		}
		ids, at := suiteAdmitted(d.close())
		assert.Empty(t, cmp.Diff([]int{0, 1, 2, 3, 4, 5}, ids), "order of admission, customers arriving every 0.4s (-want +got)")
		suiteInstants(t, suiteSeconds(1, 2, 3, 4, 5, 6), at, "instants of admission")
	})
}

func TestOrderWaitersArrivingAtOneInstantGoInTheOrderTheyCalled(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 2)
		d := suiteOpen(l)
		for id := range 8 {
			d.arrive(context.Background(), id)
		}
		ids, at := suiteAdmitted(d.close())
		assert.Empty(t, cmp.Diff([]int{0, 1, 2, 3, 4, 5, 6, 7}, ids), "order of admission (-want +got)")
		suiteInstants(t, suiteSeconds(0, 0, 1, 2, 3, 4, 5, 6), at, "instants of admission")
	})
}

func TestOrderAllowDoesNotJumpTheQueue(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 1)
		require.True(t, l.Allow(), "a full bucket of one")
		d := suiteOpen(l)
		time.Sleep(400 * time.Millisecond)
		d.arrive(context.Background(), 0)
		d.arrive(context.Background(), 1)
		time.Sleep(600 * time.Millisecond) // 1s: a token accrues, and it is customer 0's
		assert.False(t, l.Allow(), "Allow at 1s, the instant a token accrues for a waiting customer")
		time.Sleep(200 * time.Millisecond)
		assert.False(t, l.Allow(), "Allow at 1.2s, with a customer waiting")
		time.Sleep(800 * time.Millisecond)
		assert.False(t, l.Allow(), "Allow at 2s, the instant a token accrues for a waiting customer")
		time.Sleep(time.Second + suiteSlack)
		assert.True(t, l.Allow(), "Allow at 3s, with nobody waiting any more")
		ids, at := suiteAdmitted(d.close())
		assert.Empty(t, cmp.Diff([]int{0, 1}, ids), "order of admission (-want +got)")
		suiteInstants(t, suiteSeconds(1, 2), at, "instants of admission")
	})
}

// ---- timing ----------------------------------------------------------------

func TestTimingWaitAdmitsBurstThenOnePerInterval(t *testing.T) {
	t.Run("one caller after another", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(time.Second, 3)
			at := suiteWaitTimes(t, l, time.Now(), 6)
			suiteInstants(t, suiteSeconds(0, 0, 0, 1, 2, 3), at, "instants six calls of Wait returned")
		})
	})
	t.Run("six callers at once", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(time.Second, 3)
			d := suiteOpen(l)
			for id := range 6 {
				d.arrive(context.Background(), id)
			}
			_, at := suiteAdmitted(d.close())
			suiteInstants(t, suiteSeconds(0, 0, 0, 1, 2, 3), at, "instants six callers were admitted")
		})
	})
	t.Run("a quarter-second interval", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(250*time.Millisecond, 2)
			at := suiteWaitTimes(t, l, time.Now(), 5)
			suiteInstants(t, suiteSeconds(0, 0, 0.25, 0.5, 0.75), at, "instants five calls of Wait returned")
		})
	})
}

func TestTimingAnIdleBucketSavesOnlyBurst(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 3)
		start := time.Now()
		require.Empty(t, cmp.Diff(suiteSeconds(0, 0, 0), suiteWaitTimes(t, l, start, 3)), "a full bucket of three (-want +got)")
		time.Sleep(10 * time.Second)
		at := suiteWaitTimes(t, l, start, 6)
		suiteInstants(t, suiteSeconds(10, 10, 10, 11, 12, 13), at, "instants six calls of Wait returned after 10s idle")
	})
}

func TestTimingWaitReturnsTheInstantItsTokenAccrues(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 2)
		start := time.Now()
		require.Equal(t, 2, suiteAllows(l, 2))
		time.Sleep(300 * time.Millisecond)
		require.NoError(t, l.Wait(context.Background()))
		suiteInstant(t, time.Second, time.Since(start), "a caller arriving at 0.3s gets the token of 1s")
		time.Sleep(1700 * time.Millisecond)
		require.NoError(t, l.Wait(context.Background()))
		suiteInstant(t, 2700*time.Millisecond, time.Since(start), "a caller arriving at 2.7s takes the token of 2s at once")
		require.NoError(t, l.Wait(context.Background()))
		suiteInstant(t, 3*time.Second, time.Since(start), "the next caller gets the token of 3s")
	})
}

func TestTimingACancelledWaiterLeavesAtOnceAndDelaysNobody(t *testing.T) {
	t.Run("the first in line leaves", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(time.Second, 1)
			require.True(t, l.Allow(), "a full bucket of one")
			d := suiteOpen(l)
			ctx, cancel := context.WithCancel(context.Background())
			d.arrive(ctx, 0)
			d.arrive(context.Background(), 1)
			d.arrive(context.Background(), 2)
			time.Sleep(500 * time.Millisecond)
			cancel()
			calls := d.close()
			left := suiteOutcome(t, calls, 0)
			assert.ErrorIs(t, left.Err, context.Canceled, "the cancelled caller's error")
			assert.Equal(t, 500*time.Millisecond, left.At, "the cancelled caller must return at the instant of the cancel")
			ids, at := suiteAdmitted(calls)
			assert.Empty(t, cmp.Diff([]int{1, 2}, ids), "customers admitted (-want +got)")
			suiteInstants(t, suiteSeconds(1, 2), at, "instants of admission: the cancelled caller's slot goes to the next")
		})
	})
	t.Run("one in the middle of the line leaves", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(time.Second, 1)
			require.True(t, l.Allow(), "a full bucket of one")
			d := suiteOpen(l)
			ctx, cancel := context.WithCancel(context.Background())
			d.arrive(context.Background(), 0)
			d.arrive(context.Background(), 1)
			d.arrive(ctx, 2)
			d.arrive(context.Background(), 3)
			d.arrive(context.Background(), 4)
			time.Sleep(1500 * time.Millisecond)
			cancel()
			calls := d.close()
			left := suiteOutcome(t, calls, 2)
			assert.ErrorIs(t, left.Err, context.Canceled, "the cancelled caller's error")
			assert.Equal(t, 1500*time.Millisecond, left.At, "the cancelled caller must return at the instant of the cancel")
			ids, at := suiteAdmitted(calls)
			assert.Empty(t, cmp.Diff([]int{0, 1, 3, 4}, ids), "customers admitted (-want +got)")
			suiteInstants(t, suiteSeconds(1, 2, 3, 4), at, "instants of admission")
		})
	})
	t.Run("everybody in line leaves, then a newcomer", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			l := NewLimiter(time.Second, 1)
			require.True(t, l.Allow(), "a full bucket of one")
			start := time.Now()
			d := suiteOpen(l)
			ctx, cancel := context.WithCancel(context.Background())
			for id := range 3 {
				d.arrive(ctx, id)
			}
			time.Sleep(200 * time.Millisecond)
			cancel()
			for _, c := range d.close() {
				assert.ErrorIs(t, c.Err, context.Canceled, "customer %d", c.ID)
				assert.Equal(t, 200*time.Millisecond, c.At, "customer %d must return at the cancel", c.ID)
			}
			time.Sleep(1800 * time.Millisecond) // 2s: the bucket holds one token again
			require.NoError(t, l.Wait(context.Background()))
			suiteInstant(t, 2*time.Second, time.Since(start), "a caller at 2s takes the token nobody took")
			require.NoError(t, l.Wait(context.Background()))
			suiteInstant(t, 3*time.Second, time.Since(start), "the next caller gets the token of 3s")
		})
	})
}

func TestTimingADeadlineBeforeTheTurnEndsTheWaitByTheDeadline(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 1)
		require.True(t, l.Allow(), "a full bucket of one")
		d := suiteOpen(l)
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		d.arrive(context.Background(), 0) // its turn: 1s
		d.arrive(ctx, 1)                  // its turn would be 2s, past its deadline
		d.arrive(context.Background(), 2) // gets the 2s token instead
		calls := d.close()
		late := suiteOutcome(t, calls, 1)
		assert.Error(t, late.Err, "a caller whose deadline comes before its turn must not be admitted")
		assert.LessOrEqual(t, late.At, 1500*time.Millisecond, "it must give up by its deadline")
		ids, at := suiteAdmitted(calls)
		assert.Empty(t, cmp.Diff([]int{0, 2}, ids), "customers admitted (-want +got)")
		suiteInstants(t, suiteSeconds(1, 2), at, "instants of admission")
	})
}

func TestTimingADeadlineAfterTheTurnIsNoObstacle(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLimiter(time.Second, 1)
		require.True(t, l.Allow(), "a full bucket of one")
		start := time.Now()
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		require.NoError(t, l.Wait(ctx), "a caller whose turn (1s) comes before its deadline (1.5s)")
		suiteInstant(t, time.Second, time.Since(start), "the instant it was admitted")
	})
}
