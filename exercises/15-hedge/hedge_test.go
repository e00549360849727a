package hedge

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
	suiteErrSoldOut = errors.New("sold out of rye")
	suiteErrClosed  = errors.New("the bakery is closed")
	suiteErrOven    = errors.New("the oven broke down")
)

// suiteBakery is one replica: after `after` it answers val, or fails with err.
// A patient bakery ignores its context and answers when it is done; an
// attentive one stops at once, with ctx.Err(), when its context ends.
type suiteBakery struct {
	after     time.Duration
	val       string
	err       error
	attentive bool
}

func (b suiteBakery) call(ctx context.Context) (string, error) {
	if b.attentive {
		select {
		case <-time.After(b.after):
		case <-ctx.Done():
			return "", ctx.Err()
		}
	} else {
		time.Sleep(b.after)
	}
	return b.val, b.err
}

func suiteReplicas(bs ...suiteBakery) []func(context.Context) (string, error) {
	rs := make([]func(context.Context) (string, error), len(bs))
	for i, b := range bs {
		rs[i] = b.call
	}
	return rs
}

// suiteListener is a replica that never answers by itself: it waits for its
// context to end and records when that happened.
type suiteListener struct {
	start time.Time
	ended atomic.Int64 // fake time from start to the end of ctx, or -1
}

func suiteNewListener(start time.Time) *suiteListener {
	l := &suiteListener{start: start}
	l.ended.Store(-1)
	return l
}

func (l *suiteListener) call(ctx context.Context) (string, error) {
	<-ctx.Done()
	l.ended.Store(int64(time.Since(l.start)))
	return "too late", ctx.Err()
}

// suiteClosingTime lets every replica still working finish. A bubble's clock
// stops once its body returns, so a test that leaves replicas sleeping defers it.
func suiteClosingTime() { time.Sleep(48 * time.Hour) }

// ---- correctness -----------------------------------------------------------

func TestCorrectFirstOfReturnsTheFirstSuccess(t *testing.T) {
	cases := []struct {
		name    string
		bakers  []suiteBakery
		want    string
		timeout time.Duration
	}{
		{"a single replica", []suiteBakery{{after: time.Second, val: "rye"}}, "rye", time.Minute},
		{"the fastest of several", []suiteBakery{
			{after: 3 * time.Second, val: "rye"},
			{after: time.Second, val: "sourdough"},
			{after: 2 * time.Second, val: "bagel"},
		}, "sourdough", time.Minute},
		{"a success after earlier failures", []suiteBakery{
			{after: time.Second, err: suiteErrSoldOut},
			{after: 5 * time.Second, val: "late rye"},
			{after: 2 * time.Second, err: suiteErrClosed},
			{after: 3 * time.Second, val: "rye"},
		}, "rye", time.Minute},
		{"a failure that also returns a value is still a failure", []suiteBakery{
			{after: time.Second, val: "stale rye", err: suiteErrSoldOut},
			{after: 2 * time.Second, val: "fresh rye"},
		}, "fresh rye", time.Minute},
		{"attentive replicas", []suiteBakery{
			{after: 2 * time.Second, val: "rye", attentive: true},
			{after: time.Second, err: suiteErrOven, attentive: true},
			{after: 3 * time.Second, val: "challah", attentive: true},
		}, "rye", time.Minute},
		{"a success just before the timeout", []suiteBakery{
			{after: time.Hour, val: "rye"},
			{after: 1999 * time.Millisecond, val: "kaiser"},
		}, "kaiser", 2 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				got, err := FirstOf(context.Background(), tc.timeout, suiteReplicas(tc.bakers...)...)
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
			})
		})
	}
}

func TestCorrectFirstOfJoinsEveryErrorWhenAllFail(t *testing.T) {
	t.Run("failures at different times", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			got, err := FirstOf(context.Background(), time.Minute, suiteReplicas(
				suiteBakery{after: 2 * time.Second, val: "stale rye", err: suiteErrSoldOut},
				suiteBakery{after: time.Second, err: suiteErrClosed},
				suiteBakery{after: 3 * time.Second, err: suiteErrOven, attentive: true},
			)...)
			require.Error(t, err)
			for _, want := range []error{suiteErrSoldOut, suiteErrClosed, suiteErrOven} {
				assert.ErrorIs(t, err, want, "every replica's error must be in the joined error")
			}
			assert.Empty(t, got, "a failed FirstOf returns the empty string")
		})
	})
	t.Run("many failures at once", func(t *testing.T) {
		// No fake sleeps: the replicas fail together, on several cores if there are.
		katatest.Bubble(t, func(t *testing.T) {
			const n = 32
			want := make([]error, n)
			replicas := make([]func(context.Context) (string, error), n)
			for i := range n {
				want[i] = fmt.Errorf("bakery %d: %w", i, suiteErrSoldOut)
				replicas[i] = func(context.Context) (string, error) { return "", want[i] }
			}
			for range 20 {
				got, err := FirstOf(context.Background(), time.Hour, replicas...)
				require.Error(t, err)
				for i, w := range want {
					require.ErrorIs(t, err, w, "the error of replica %d is missing from the joined error", i)
				}
				require.Empty(t, got)
			}
		})
	})
}

func TestCorrectFirstOfWithNoReplicasReturnsAnError(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		start := time.Now()
		got, err := FirstOf(context.Background(), time.Minute)
		require.Error(t, err, "with nobody to ask there is no answer")
		assert.Empty(t, got)
		assert.Equal(t, time.Duration(0), time.Since(start), "with no replicas FirstOf must return at once")
	})
}

func TestCorrectFirstOfReturnsDeadlineExceededPastTheTimeout(t *testing.T) {
	cases := []struct {
		name    string
		timeout time.Duration
		bakers  []suiteBakery
	}{
		{"patient replicas slower than the timeout", 2 * time.Second, []suiteBakery{
			{after: time.Hour, val: "rye"},
			{after: 3 * time.Second, val: "bagel"},
		}},
		{"attentive replicas slower than the timeout", 2 * time.Second, []suiteBakery{
			{after: time.Hour, val: "rye", attentive: true},
			{after: 3 * time.Second, val: "bagel", attentive: true},
		}},
		{"a failure, then the timeout", 2 * time.Second, []suiteBakery{
			{after: time.Second, err: suiteErrClosed},
			{after: time.Hour, val: "rye"},
		}},
		{"a timeout of zero", 0, []suiteBakery{{after: time.Second, val: "rye", attentive: true}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				got, err := FirstOf(context.Background(), tc.timeout, suiteReplicas(tc.bakers...)...)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				assert.Empty(t, got)
			})
		})
	}
}

func TestCorrectFirstOfReturnsTheParentContextError(t *testing.T) {
	t.Run("cancelled before the call", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			ctx, cancel := context.WithCancel(context.Background())
			cancel()
			got, err := FirstOf(ctx, time.Minute, suiteReplicas(
				suiteBakery{after: time.Second, val: "rye", attentive: true},
				suiteBakery{after: 2 * time.Second, val: "bagel", attentive: true},
			)...)
			require.ErrorIs(t, err, context.Canceled)
			assert.Empty(t, got)
		})
	})
	t.Run("cancelled while waiting", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(2*time.Second, cancel)
			got, err := FirstOf(ctx, time.Hour, suiteReplicas(
				suiteBakery{after: 3 * time.Hour, val: "rye"},
				suiteBakery{after: time.Second, err: suiteErrOven},
			)...)
			require.ErrorIs(t, err, context.Canceled)
			assert.Empty(t, got)
		})
	})
	t.Run("a parent deadline before the timeout", func(t *testing.T) {
		katatest.Bubble(t, func(t *testing.T) {
			defer suiteClosingTime()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			got, err := FirstOf(ctx, time.Hour, suiteReplicas(suiteBakery{after: 3 * time.Hour, val: "rye"})...)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			assert.Empty(t, got)
		})
	})
}

func TestCorrectReplicasGetAContextDerivedFromTheParentWithTheTimeout(t *testing.T) {
	type suiteKey struct{}
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		ctx := context.WithValue(context.Background(), suiteKey{}, "table 7")
		var mu sync.Mutex
		var values []any
		var deadlines []time.Duration
		replica := func(ctx context.Context) (string, error) {
			d, ok := ctx.Deadline()
			mu.Lock()
			values = append(values, ctx.Value(suiteKey{}))
			if ok {
				deadlines = append(deadlines, d.Sub(start))
			}
			mu.Unlock()
			time.Sleep(time.Second)
			return "rye", nil
		}
		_, err := FirstOf(ctx, 5*time.Second, replica, replica)
		require.NoError(t, err)
		time.Sleep(time.Hour)
		mu.Lock()
		defer mu.Unlock()
		assert.Empty(t, cmp.Diff([]any{"table 7", "table 7"}, values), "a replica's context must carry the parent's values (-want +got)")
		assert.Empty(t, cmp.Diff([]time.Duration{5 * time.Second, 5 * time.Second}, deadlines),
			"a replica's context must have the timeout as its deadline (-want +got)")
	})
}

// TestCorrectAMorningsOrdersAreHedgedInRealTime phones four bakeries for each
// of six orders: two fail, one has rye, one would keep the deli waiting an hour.
// It is also the workload `grader trace 15` draws: every bakery called at once,
// the first rye bought, and the bakery still baking told never mind.
func TestCorrectAMorningsOrdersAreHedgedInRealTime(t *testing.T) {
	katatest.Traced(t, func() {
		for order := range 6 {
			want := fmt.Sprintf("rye for order %d", order)
			got, err := FirstOf(context.Background(), 10*time.Second, suiteReplicas(
				suiteBakery{after: time.Millisecond, err: suiteErrSoldOut, attentive: true},
				suiteBakery{after: time.Duration(3+order%3) * time.Millisecond, val: want, attentive: true},
				suiteBakery{after: 2 * time.Millisecond, err: suiteErrClosed, attentive: true},
				suiteBakery{after: time.Hour, val: "rye an hour late", attentive: true},
			)...)
			require.NoError(t, err, "order %d: one bakery has rye", order)
			assert.Equal(t, want, got, "order %d: the only bakery with rye", order)
		}
	})
}

// ---- timing ----------------------------------------------------------------

func TestTimingEveryReplicaStartsAtOnce(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		var mu sync.Mutex
		var started []time.Duration
		replica := func(after time.Duration, err error) func(context.Context) (string, error) {
			return func(context.Context) (string, error) {
				mu.Lock()
				started = append(started, time.Since(start))
				mu.Unlock()
				time.Sleep(after)
				return "rye", err
			}
		}
		_, err := FirstOf(context.Background(), time.Hour,
			replica(time.Second, suiteErrSoldOut), replica(2*time.Second, suiteErrClosed),
			replica(3*time.Second, suiteErrOven), replica(4*time.Second, nil))
		require.NoError(t, err)
		mu.Lock()
		defer mu.Unlock()
		assert.Empty(t, cmp.Diff([]time.Duration{0, 0, 0, 0}, started),
			"every replica must be called at once, none waiting for another (-want +got start times)")
	})
}

func TestTimingFirstOfReturnsAtTheFirstSuccess(t *testing.T) {
	cases := []struct {
		name   string
		bakers []suiteBakery
		want   time.Duration
	}{
		{"patient replicas", []suiteBakery{
			{after: 3 * time.Second, val: "rye"},
			{after: time.Second, val: "sourdough"},
			{after: 2 * time.Second, val: "bagel"},
		}, time.Second},
		{"attentive replicas", []suiteBakery{
			{after: 3 * time.Second, val: "rye", attentive: true},
			{after: time.Second, val: "sourdough", attentive: true},
			{after: 2 * time.Second, val: "bagel", attentive: true},
		}, time.Second},
		{"failures first", []suiteBakery{
			{after: time.Second, err: suiteErrSoldOut},
			{after: 5 * time.Second, val: "late rye"},
			{after: 2 * time.Second, err: suiteErrClosed},
			{after: 3 * time.Second, val: "rye"},
			{after: time.Hour, val: "very late rye"},
		}, 3 * time.Second},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				start := time.Now()
				_, err := FirstOf(context.Background(), 2*time.Hour, suiteReplicas(tc.bakers...)...)
				require.NoError(t, err)
				assert.Equal(t, tc.want, time.Since(start), "FirstOf must return the moment the first replica succeeds")
			})
		})
	}
}

func TestTimingFirstOfReturnsWhenTheLastReplicaFails(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		_, err := FirstOf(context.Background(), time.Hour, suiteReplicas(
			suiteBakery{after: 3 * time.Second, err: suiteErrOven},
			suiteBakery{after: time.Second, err: suiteErrSoldOut},
			suiteBakery{after: 2 * time.Second, err: suiteErrClosed},
		)...)
		require.ErrorIs(t, err, suiteErrOven)
		assert.Equal(t, 3*time.Second, time.Since(start), "when all fail FirstOf must return as the last one fails")
	})
}

func TestTimingFirstOfGivesUpExactlyAtTheTimeout(t *testing.T) {
	for _, attentive := range []bool{false, true} {
		t.Run(map[bool]string{false: "patient replicas", true: "attentive replicas"}[attentive], func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				defer suiteClosingTime()
				start := time.Now()
				_, err := FirstOf(context.Background(), 2*time.Second, suiteReplicas(
					suiteBakery{after: time.Second, err: suiteErrSoldOut, attentive: attentive},
					suiteBakery{after: time.Hour, val: "rye", attentive: attentive},
					suiteBakery{after: 3 * time.Second, val: "bagel", attentive: attentive},
				)...)
				require.ErrorIs(t, err, context.DeadlineExceeded)
				assert.Equal(t, 2*time.Second, time.Since(start), "FirstOf must give up exactly at the timeout")
			})
		})
	}
}

func TestTimingFirstOfStopsWhenTheParentContextEnds(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(2*time.Second, cancel)
		_, err := FirstOf(ctx, time.Hour, suiteReplicas(
			suiteBakery{after: 3 * time.Hour, val: "rye"},
			suiteBakery{after: time.Second, err: suiteErrOven},
		)...)
		require.ErrorIs(t, err, context.Canceled)
		assert.Equal(t, 2*time.Second, time.Since(start), "FirstOf must return the moment its parent context is cancelled")
	})
}

func TestTimingLosersAreCancelledTheMomentFirstOfReturns(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		a, b := suiteNewListener(start), suiteNewListener(start)
		winner := suiteBakery{after: time.Second, val: "rye"}.call
		got, err := FirstOf(context.Background(), time.Hour, a.call, winner, b.call)
		require.NoError(t, err)
		require.Equal(t, "rye", got)
		require.Equal(t, time.Second, time.Since(start))
		time.Sleep(2 * time.Hour)
		for i, l := range []*suiteListener{a, b} {
			assert.Equal(t, time.Second, time.Duration(l.ended.Load()),
				"loser %d's context must be cancelled as FirstOf returns, at 1s, not later", i)
		}
	})
}

// ---- leaks -----------------------------------------------------------------

func TestLeakLosersThatIgnoreTheirContextExitWhenTheyFinish(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		got, err := FirstOf(context.Background(), time.Hour, suiteReplicas(
			suiteBakery{after: 2 * time.Second, val: "rye"},
			suiteBakery{after: time.Second, val: "bagel"},
			suiteBakery{after: 3 * time.Second, err: suiteErrOven},
			suiteBakery{after: 2 * time.Second, val: "challah"},
		)...)
		require.NoError(t, err)
		require.Equal(t, "bagel", got)
		time.Sleep(10 * time.Second) // every loser has finished and handed in its answer
		katatest.NoLeaks(t)
	})
}

func TestLeakLosersThatWatchTheirContextExitAtOnce(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		a, b := suiteNewListener(start), suiteNewListener(start)
		_, err := FirstOf(context.Background(), 24*time.Hour, a.call, suiteBakery{after: time.Second, val: "rye"}.call, b.call)
		require.NoError(t, err)
		katatest.NoLeaks(t) // the losers only wait for their context to end
	})
}

func TestLeakNothingLeftAfterTheTimeout(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		a := suiteNewListener(start)
		replicas := append(suiteReplicas(
			suiteBakery{after: time.Hour, val: "rye", attentive: true},
			suiteBakery{after: time.Second, err: suiteErrClosed, attentive: true},
		), a.call)
		_, err := FirstOf(context.Background(), 2*time.Second, replicas...)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		katatest.NoLeaks(t)
	})
}

func TestLeakNothingLeftAfterEveryReplicaFailed(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		_, err := FirstOf(context.Background(), time.Hour, suiteReplicas(
			suiteBakery{after: time.Second, err: suiteErrClosed},
			suiteBakery{after: 2 * time.Second, err: suiteErrOven, attentive: true},
		)...)
		require.ErrorIs(t, err, suiteErrOven)
		katatest.NoLeaks(t)
	})
}

func TestLeakNothingLeftAfterTheParentIsCancelled(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		defer suiteClosingTime()
		start := time.Now()
		ctx, cancel := context.WithCancel(context.Background())
		time.AfterFunc(time.Second, cancel)
		_, err := FirstOf(ctx, time.Hour, suiteNewListener(start).call, suiteNewListener(start).call)
		require.ErrorIs(t, err, context.Canceled)
		katatest.NoLeaks(t)
	})
}
