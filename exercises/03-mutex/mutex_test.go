package mutex

import (
	"errors"
	"fmt"
	"runtime"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of the Ledger:
//   - correctness: deposits, transfers and their edge cases; money conserved
//     and no balance below zero under a hundred goroutines; Total exact even
//     while transfers run;
//   - timing: opposite transfers, transfers to the same account and Totals,
//     all at once, never deadlock;
//   - race: the whole suite runs under the race detector.
//
// Every test but the real-time scenario runs in a katatest.Bubble. Nothing
// here sleeps, so fake time plays no part; the bubble is there for its
// watchdog: a goroutine stuck on a mutex for good (a lock-order deadlock, a
// lock never unlocked) ends the test binary within seconds, with a panic that
// names the test and shows the stuck goroutines, instead of hanging until go
// test's -timeout.

// suiteBalances reads the balance of each named account.
func suiteBalances(l *Ledger, names ...string) map[string]int {
	got := make(map[string]int, len(names))
	for _, n := range names {
		got[n] = l.Balance(n)
	}
	return got
}

// suiteNames returns n account names: "till-00", "till-01", ...
func suiteNames(prefix string, n int) []string {
	names := make([]string, n)
	for i := range names {
		names[i] = fmt.Sprintf("%s-%02d", prefix, i)
	}
	return names
}

// suiteTwoThreads makes sure at least two goroutines of the test can run at
// the same instant, even on a machine (or container) with one CPU: the
// operating system then switches threads at arbitrary points, so that two
// goroutines can interleave in the middle of a method, as they do on many cores.
func suiteTwoThreads(t *testing.T) {
	t.Helper()
	if old := runtime.GOMAXPROCS(0); old < 2 {
		runtime.GOMAXPROCS(2)
		t.Cleanup(func() { runtime.GOMAXPROCS(old) })
	}
}

// suiteRand is a small deterministic generator, one per goroutine.
type suiteRand uint64

func (r *suiteRand) intn(n int) int {
	*r ^= *r << 13
	*r ^= *r >> 7
	*r ^= *r << 17
	return int(uint64(*r) % uint64(n))
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

// --- correctness ---------------------------------------------------------

func TestCorrectDepositsAddUp(t *testing.T) {
	type deposit struct {
		account string
		cents   int
	}
	tests := []struct {
		name     string
		deposits []deposit
		want     map[string]int
		total    int
	}{
		{"one deposit", []deposit{{"ada", 250}}, map[string]int{"ada": 250}, 250},
		{"deposits to one account add up", []deposit{{"ada", 250}, {"ada", 5}, {"ada", 1}}, map[string]int{"ada": 256}, 256},
		{"accounts are kept apart", []deposit{{"ada", 100}, {"bo", 20}, {"ada", 3}, {"cy", 7}},
			map[string]int{"ada": 103, "bo": 20, "cy": 7}, 130},
		{"zero and negative deposits are ignored", []deposit{{"ada", 40}, {"ada", 0}, {"ada", -15}, {"bo", -3}},
			map[string]int{"ada": 40, "bo": 0}, 40},
		{"the empty name is an account like any other", []deposit{{"", 9}, {"ada", 1}}, map[string]int{"": 9, "ada": 1}, 10},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := NewLedger()
				for _, d := range tc.deposits {
					l.Deposit(d.account, d.cents)
				}
				names := make([]string, 0, len(tc.want))
				for n := range tc.want {
					names = append(names, n)
				}
				assert.Empty(t, cmp.Diff(tc.want, suiteBalances(l, names...)), "balances (-want +got)")
				assert.Equal(t, tc.total, l.Total(), "Total")
			})
		})
	}
}

func TestCorrectUnknownAccountsHoldNothing(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLedger()
		assert.Zero(t, l.Balance("nobody"), "Balance of an account never seen, in a new ledger")
		assert.Zero(t, l.Total(), "Total of a new ledger")
		l.Deposit("ada", 500)
		assert.Zero(t, l.Balance("nobody"), "Balance of an account never seen")
		assert.Zero(t, l.Balance("Ada"), "account names are case-sensitive: Ada is not ada")
		assert.Equal(t, 500, l.Total(), "Total")
	})
}

func TestCorrectTransferMovesExactlyTheAmount(t *testing.T) {
	tests := []struct {
		name  string
		cents int
		to    string
		want  map[string]int
	}{
		{"part of the balance", 120, "bo", map[string]int{"ada": 380, "bo": 130, "cy": 0}},
		{"the whole balance, down to zero", 500, "bo", map[string]int{"ada": 0, "bo": 510, "cy": 0}},
		{"one cent", 1, "bo", map[string]int{"ada": 499, "bo": 11, "cy": 0}},
		{"to an account never seen, which opens it", 75, "cy", map[string]int{"ada": 425, "bo": 10, "cy": 75}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := NewLedger()
				l.Deposit("ada", 500)
				l.Deposit("bo", 10)
				require.NoError(t, l.Transfer("ada", tc.to, tc.cents), "Transfer(ada, %s, %d) with 500 in ada", tc.to, tc.cents)
				assert.Empty(t, cmp.Diff(tc.want, suiteBalances(l, "ada", "bo", "cy")), "balances after the transfer (-want +got)")
				assert.Equal(t, 510, l.Total(), "Total: a transfer neither makes nor loses money")
			})
		})
	}
}

func TestCorrectInsufficientFundsChangesNothing(t *testing.T) {
	tests := []struct {
		name     string
		from, to string
		cents    int
	}{
		{"one cent more than the balance", "ada", "bo", 301},
		{"far more than the balance", "ada", "bo", 1_000_000},
		{"from an account never seen", "nobody", "ada", 1},
		{"from an emptied account", "cy", "ada", 5},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := NewLedger()
				l.Deposit("ada", 300)
				l.Deposit("bo", 40)
				l.Deposit("cy", 60)
				require.NoError(t, l.Transfer("cy", "bo", 60), "emptying cy")
				before := suiteBalances(l, tc.from, tc.to)

				err := l.Transfer(tc.from, tc.to, tc.cents)
				require.ErrorIs(t, err, ErrInsufficientFunds, "Transfer(%q, %q, %d)", tc.from, tc.to, tc.cents)
				assert.Empty(t, cmp.Diff(before, suiteBalances(l, tc.from, tc.to)),
					"a refused transfer must leave both balances as they were (-before +after)")
				assert.Equal(t, 400, l.Total(), "Total after a refused transfer")

				// The ledger must still work after a refusal: every lock released.
				l.Deposit(tc.from, 1)
				l.Deposit(tc.to, 1)
				require.NoError(t, l.Transfer(tc.to, tc.from, 1), "a transfer after the refused one")
				assert.Equal(t, 402, l.Total(), "Total after more business")
			})
		})
	}
}

func TestCorrectNonPositiveTransfersAreRefused(t *testing.T) {
	for _, cents := range []int{0, -1, -250} {
		t.Run(fmt.Sprintf("%d cents", cents), func(t *testing.T) {
			katatest.Bubble(t, func(t *testing.T) {
				l := NewLedger()
				l.Deposit("ada", 100)
				l.Deposit("bo", 100)
				err := l.Transfer("ada", "bo", cents)
				require.Error(t, err, "Transfer of %d cents must be refused", cents)
				assert.NotErrorIs(t, err, ErrInsufficientFunds, "the amount is wrong, not the funds")
				assert.Empty(t, cmp.Diff(map[string]int{"ada": 100, "bo": 100}, suiteBalances(l, "ada", "bo")),
					"balances after a refused transfer (-want +got)")
				assert.Equal(t, 200, l.Total(), "Total")
			})
		})
	}
}

func TestCorrectTransferToTheSameAccountMovesNothing(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLedger()
		l.Deposit("ada", 100)
		require.NoError(t, l.Transfer("ada", "ada", 60), "a transfer to the same account, with the funds")
		assert.Equal(t, 100, l.Balance("ada"), "balance after a transfer to itself")
		require.NoError(t, l.Transfer("ada", "ada", 100), "a transfer to the same account of the whole balance")
		assert.Equal(t, 100, l.Balance("ada"), "balance after a transfer to itself")
		require.ErrorIs(t, l.Transfer("ada", "ada", 101), ErrInsufficientFunds,
			"a transfer to the same account of more than the balance")
		assert.Equal(t, 100, l.Balance("ada"), "balance after a refused transfer to itself")
		assert.Equal(t, 100, l.Total(), "Total")
	})
}

func TestCorrectMoneyIsConservedUnderAHundredGoroutines(t *testing.T) {
	suiteTwoThreads(t)
	// A hundred goroutines move money both ways between six accounts that
	// often run low. Each keeps the net effect of its own successful
	// transfers; at the end every balance must be its deposit plus those
	// effects, exactly. After each successful transfer the goroutine also
	// looks at the paying account: it must not be below zero.
	katatest.Bubble(t, func(t *testing.T) {
		const workers, rounds, start = 100, 150, 100
		names := suiteNames("till", 6)
		l := NewLedger()
		for _, n := range names {
			l.Deposit(n, start)
		}
		effects := make([]map[string]int, workers)
		var problems, overdrawn suiteFirst
		var wg sync.WaitGroup
		gate := make(chan struct{}) // closed once every goroutine exists, so that they start together
		for w := range workers {
			wg.Go(func() {
				<-gate
				effect := make(map[string]int)
				r := suiteRand(w*7919 + 1)
				for range rounds {
					from, to := names[r.intn(len(names))], names[r.intn(len(names))]
					cents := 1 + r.intn(120)
					switch err := l.Transfer(from, to, cents); {
					case err == nil:
						effect[from] -= cents
						effect[to] += cents
						if b := l.Balance(from); b < 0 {
							overdrawn.add("%s held %d cents after paying %d", from, b, cents)
						}
					case !errors.Is(err, ErrInsufficientFunds):
						problems.add("Transfer(%s, %s, %d) returned %v", from, to, cents, err)
					}
				}
				effects[w] = effect
			})
		}
		close(gate)
		wg.Wait()
		problems.none(t, "a transfer failed with an unexpected error")
		overdrawn.none(t, "an account was below zero")

		want := make(map[string]int)
		for _, n := range names {
			want[n] = start
		}
		for _, effect := range effects {
			for n, c := range effect {
				want[n] += c
			}
		}
		got := suiteBalances(l, names...)
		assert.Empty(t, cmp.Diff(want, got),
			"balances: each must be its deposit plus the transfers that succeeded, exactly (-want +got)")
		for n, c := range got {
			assert.GreaterOrEqual(t, c, 0, "balance of %s went below zero", n)
		}
		assert.Equal(t, start*len(names), l.Total(), "Total: money made or lost")
	})
}

func TestCorrectNoOverdraftWhenAHundredGoroutinesDrainOneAccount(t *testing.T) {
	suiteTwoThreads(t)
	// The till holds enough for exactly a hundred transfers of 10 cents, and a
	// hundred goroutines ask for ten each. Checking the funds and moving the
	// money must be one step: otherwise two goroutines both see the last
	// 10 cents, both take them, and the till goes below zero.
	katatest.Bubble(t, func(t *testing.T) {
		const workers, tries, cents = 100, 10, 10
		l := NewLedger()
		l.Deposit("till", workers*cents)
		var succeeded atomic.Int64
		var problems, overdrawn suiteFirst
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for w := range workers {
			wg.Go(func() {
				<-gate
				me := fmt.Sprintf("cashier-%02d", w)
				for range tries {
					switch err := l.Transfer("till", me, cents); {
					case err == nil:
						succeeded.Add(1)
						if b := l.Balance("till"); b < 0 {
							overdrawn.add("the till held %d cents after paying %s", b, me)
						}
					case !errors.Is(err, ErrInsufficientFunds):
						problems.add("Transfer(till, %s, %d) returned %v", me, cents, err)
					}
				}
			})
		}
		close(gate)
		wg.Wait()
		problems.none(t, "a transfer failed with an unexpected error")
		overdrawn.none(t, "the till was below zero")
		assert.Equal(t, 0, l.Balance("till"), "the till must end empty, not below zero")
		assert.Equal(t, int64(workers), succeeded.Load(), "successful transfers: exactly as many as the till could pay")
		paid := 0
		for w := range workers {
			paid += l.Balance(fmt.Sprintf("cashier-%02d", w))
		}
		assert.Equal(t, workers*cents, paid, "cents the cashiers received")
		assert.Equal(t, workers*cents, l.Total(), "Total: money made or lost")
	})
}

func TestCorrectDepositsFromManyGoroutinesAllCount(t *testing.T) {
	suiteTwoThreads(t)
	// Eight goroutines pay into three shared tills and now and then open an
	// account of their own, while an auditor keeps asking for the Total. Every
	// deposit must count, in its account and in the Total, and a Total taken
	// while accounts are being opened must still be one instant's sum: with
	// nothing but deposits, it can only grow.
	katatest.Bubble(t, func(t *testing.T) {
		const workers, rounds = 8, 200
		tills := suiteNames("till", 3)
		l := NewLedger()
		var problems suiteFirst
		var wg sync.WaitGroup
		done := make(chan struct{})
		auditor := make(chan struct{})
		go func() {
			defer close(auditor)
			last := 0
			for {
				select {
				case <-done:
					return
				default:
				}
				if got := l.Total(); got < last {
					problems.add("Total went from %d down to %d with only deposits made", last, got)
				} else {
					last = got
				}
			}
		}()
		gate := make(chan struct{})
		for w := range workers {
			wg.Go(func() {
				<-gate
				for round := range rounds {
					l.Deposit(tills[(w+round)%len(tills)], 1+round%5)
					if round%20 == 0 {
						l.Deposit(fmt.Sprintf("own-%d-%d", w, round), 1)
					}
				}
			})
		}
		close(gate)
		wg.Wait()
		close(done)
		<-auditor
		problems.none(t, "the Total was not one instant's sum")

		want := map[string]int{}
		total := 0
		for w := range workers {
			for round := range rounds {
				want[tills[(w+round)%len(tills)]] += 1 + round%5
				total += 1 + round%5
				if round%20 == 0 {
					want[fmt.Sprintf("own-%d-%d", w, round)] = 1
					total++
				}
			}
		}
		names := make([]string, 0, len(want))
		for n := range want {
			names = append(names, n)
		}
		assert.Empty(t, cmp.Diff(want, suiteBalances(l, names...)), "balances: every deposit counts (-want +got)")
		assert.Equal(t, total, l.Total(), "Total: every deposit counts")
	})
}

func TestCorrectTotalIsExactWhileTransfersRun(t *testing.T) {
	suiteTwoThreads(t)
	// Sixteen goroutines move money between ten accounts and ask for the Total
	// between transfers. A Total that adds the balances up one lock at a time
	// sees some transfers halfway: the money counted twice, or not at all.
	katatest.Bubble(t, func(t *testing.T) {
		const workers, rounds, start = 16, 500, 1000
		names := suiteNames("drawer", 10)
		l := NewLedger()
		for _, n := range names {
			l.Deposit(n, start)
		}
		want := start * len(names)
		var wrong suiteFirst
		var wg sync.WaitGroup
		gate := make(chan struct{})
		for w := range workers {
			wg.Go(func() {
				<-gate
				r := suiteRand(w*104729 + 3)
				for range rounds {
					i, j := r.intn(len(names)), r.intn(len(names))
					_ = l.Transfer(names[i], names[j], 1+r.intn(300))
					if got := l.Total(); got != want {
						wrong.add("Total returned %d, want %d", got, want)
					}
				}
			})
		}
		close(gate)
		wg.Wait()
		wrong.none(t, "Total caught a transfer halfway")
		assert.Equal(t, want, l.Total(), "Total once the transfers are over")
	})
}

// TestCorrectCashiersShareATillInRealTime has six cashiers count change, pay it
// into one shared drawer and move it on to envelopes of their own. It is also
// the workload `grader trace 03` draws: six cashiers taking turns at the
// registers and at the one drawer, now and then waiting for its lock.
func TestCorrectCashiersShareATillInRealTime(t *testing.T) {
	const cashiers, customers = 6, 2000
	envelopes := suiteNames("envelope", cashiers)
	katatest.Traced(t, func() {
		l := NewLedger()
		var problems suiteFirst
		var wg sync.WaitGroup
		for w := range cashiers {
			wg.Go(func() {
				for c := range customers {
					cents := 1 + int(suiteCountChange(500+c%100)%9)
					l.Deposit("drawer", cents)
					if err := l.Transfer("drawer", envelopes[w], cents); err != nil {
						problems.add("Transfer(drawer, %s, %d) returned %v", envelopes[w], cents, err)
					}
				}
			})
		}
		wg.Wait()
		problems.none(t, "a transfer of money just paid in failed")
		want := map[string]int{"drawer": 0}
		for c := range customers {
			cents := 1 + int(suiteCountChange(500+c%100)%9)
			for _, e := range envelopes {
				want[e] += cents
			}
		}
		got := suiteBalances(l, append([]string{"drawer"}, envelopes...)...)
		assert.Empty(t, cmp.Diff(want, got), "balances: every cent paid in reaches its envelope (-want +got)")
		assert.Equal(t, want[envelopes[0]]*cashiers, l.Total(), "Total: money made or lost")
	})
}

// suiteCountChange stands for the work of counting change: n rounds of
// arithmetic, whose result the caller uses so that the work is done.
func suiteCountChange(n int) uint64 {
	x := uint64(1)
	for i := range n {
		x = x*6364136223846793005 + uint64(i) | 1
	}
	return x
}

// --- timing --------------------------------------------------------------

// suiteBusyTill runs workers goroutines that each make rounds transfers, the
// goroutine w choosing its transfer from moves(w, round); every fourth
// goroutine also asks for the Total after each transfer. It returns once all
// have finished. A deadlock ends the test binary through the Bubble's watchdog.
func suiteBusyTill(t *testing.T, l *Ledger, workers, rounds int, moves func(w, round int) (from, to string, cents int)) {
	t.Helper()
	var problems suiteFirst
	var wg sync.WaitGroup
	gate := make(chan struct{}) // closed once every goroutine exists, so that they start together
	for w := range workers {
		wg.Go(func() {
			<-gate
			for round := range rounds {
				from, to, cents := moves(w, round)
				if err := l.Transfer(from, to, cents); err != nil && !errors.Is(err, ErrInsufficientFunds) {
					problems.add("Transfer(%s, %s, %d) returned %v", from, to, cents, err)
				}
				if w%4 == 3 {
					l.Total()
				}
			}
		})
	}
	close(gate)
	wg.Wait()
	problems.none(t, "a transfer failed with an unexpected error")
}

func TestTimingOppositeTransfersNeverDeadlock(t *testing.T) {
	// suiteAcross pays from names[w%2] to the other account, so that half the
	// goroutines pay one way and half the other; every tenth transfer asks
	// for more than there is, and is refused.
	suiteAcross := func(names []string) func(w, round int) (string, string, int) {
		return func(w, round int) (string, string, int) {
			from, to := names[w%2], names[1-w%2]
			if round%10 == 9 {
				return from, to, 1_000_000
			}
			return from, to, 3
		}
	}
	tests := []struct {
		name            string
		workers, rounds int
		accounts        []string
		moves           func(names []string) func(w, round int) (string, string, int)
	}{
		{"one cashier each way", 2, 10000, []string{"ada", "bo"}, suiteAcross},
		{"four cashiers each way", 8, 1000, []string{"ada", "bo"}, suiteAcross},
		{
			// Each goroutine pays around a ring of five, clockwise or anticlockwise.
			"a ring of five accounts, both ways round", 8, 600, suiteNames("ring", 5),
			func(names []string) func(w, round int) (string, string, int) {
				return func(w, round int) (string, string, int) {
					i := (w + round) % len(names)
					j := (i + 1) % len(names)
					if w%2 == 1 {
						i, j = j, i
					}
					if round%10 == 9 {
						return names[i], names[j], 1_000_000
					}
					return names[i], names[j], 2
				}
			},
		},
		{
			// Transfers to oneself mixed with transfers both ways.
			"transfers to the same account among the others", 8, 600, []string{"ada", "bo"},
			func(names []string) func(w, round int) (string, string, int) {
				return func(w, round int) (string, string, int) {
					from, to := names[w%2], names[(w/2+round)%2]
					return from, to, 1 + round%5
				}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			suiteTwoThreads(t)
			katatest.Bubble(t, func(t *testing.T) {
				const start = 1000
				l := NewLedger()
				for _, n := range tc.accounts {
					l.Deposit(n, start)
				}
				suiteBusyTill(t, l, tc.workers, tc.rounds, tc.moves(tc.accounts))
				assert.Equal(t, start*len(tc.accounts), l.Total(), "Total after the rush")
			})
		})
	}
}

func TestTimingTransferToTheSameAccountReturns(t *testing.T) {
	katatest.Bubble(t, func(t *testing.T) {
		l := NewLedger()
		l.Deposit("ada", 100)
		assert.NoError(t, l.Transfer("ada", "ada", 10), "a transfer from ada to ada")
		assert.ErrorIs(t, l.Transfer("ada", "ada", 1000), ErrInsufficientFunds, "a transfer from ada to ada of too much")
		assert.Equal(t, 100, l.Total(), "Total")
	})
}
