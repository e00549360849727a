package deli

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of the deli:
//   - correctness: every accepted order gets its meal or its cook's error;
//     refusals (ctx, closing) accept nothing; Close serves the line, or gives
//     up on it and the abandoned tickets get ErrClosed; Ready and Collect;
//   - ordering: tickets are numbered in the order they are accepted, and the
//     registers start the orders in ticket order;
//   - timing: registers cook at once; Order waits exactly while the line is
//     full; Close returns exactly when the last order is done, or at its
//     deadline;
//   - leaks: nothing of the deli is left running once Close has returned;
//   - speedup: CPU-bound orders are cooked on every CPU.
// Every test but the speedup runs in a katatest.Bubble, where time is fake: a
// cook that takes an hour costs no real time, and time.Since measures exactly.

// suiteOrder is the n-th order of a test, suiteMeal what the suite's cook
// makes of an order.
func suiteOrder(n int) string       { return fmt.Sprintf("rye #%d", n) }
func suiteMeal(order string) string { return "sandwich of " + order }

// suiteOrders returns the orders 1 to n.
func suiteOrders(n int) []string {
	orders := make([]string, n)
	for i := range orders {
		orders[i] = suiteOrder(i + 1)
	}
	return orders
}

func suiteMeals(orders []string) []string {
	meals := make([]string, len(orders))
	for i, o := range orders {
		meals[i] = suiteMeal(o)
	}
	return meals
}

// suiteOneToN returns 1, 2, …, n.
func suiteOneToN(n int) []int {
	ns := make([]int, n)
	for i := range ns {
		ns[i] = i + 1
	}
	return ns
}

// suiteKitchen is the Cook of a test. An order takes the fake time `took`
// gives it and then fails with the error `fail` gives it, if any, or returns
// its meal. If the order's ctx ends first, the cook stops at once and returns
// ctx.Err(). The kitchen records when each order started and was stopped,
// counted from the kitchen's creation, and its gauge counts the orders being
// cooked.
type suiteKitchen struct {
	opened time.Time
	took   func(order string) time.Duration
	fail   map[string]error // set before the deli opens, read-only afterwards
	gauge  katatest.Gauge

	mu      sync.Mutex
	started []suiteStart
	calls   map[string]int
	stopped map[string]time.Duration
}

type suiteStart struct {
	Order string
	At    time.Duration
}

func suiteNewKitchen(took time.Duration) *suiteKitchen {
	return suiteNewKitchenOf(func(string) time.Duration { return took })
}

func suiteNewKitchenOf(took func(order string) time.Duration) *suiteKitchen {
	return &suiteKitchen{
		opened: time.Now(), took: took, fail: map[string]error{},
		calls: map[string]int{}, stopped: map[string]time.Duration{},
	}
}

func (k *suiteKitchen) cook(ctx context.Context, order string) (string, error) {
	k.gauge.Enter()
	defer k.gauge.Exit()
	k.mu.Lock()
	k.started = append(k.started, suiteStart{order, time.Since(k.opened)})
	k.calls[order]++
	k.mu.Unlock()
	timer := time.NewTimer(k.took(order))
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
		k.mu.Lock()
		k.stopped[order] = time.Since(k.opened)
		k.mu.Unlock()
		return "", ctx.Err()
	}
	if err := k.fail[order]; err != nil {
		return "", err
	}
	return suiteMeal(order), nil
}

// starts returns the orders in the order the cook started them, and when.
func (k *suiteKitchen) starts() []suiteStart {
	k.mu.Lock()
	defer k.mu.Unlock()
	return slices.Clone(k.started)
}

// requireCookedOnce fails the test unless exactly the orders in want were
// given to the cook, each once.
func (k *suiteKitchen) requireCookedOnce(t *testing.T, want []string) {
	t.Helper()
	k.mu.Lock()
	defer k.mu.Unlock()
	counts := map[string]int{}
	for _, o := range want {
		counts[o] = 1
	}
	require.Empty(t, cmp.Diff(counts, k.calls), "calls of the cook per order (-want +got)")
}

// stoppedAt reports when the ctx of order ended while it was being cooked.
func (k *suiteKitchen) stoppedAt(order string) (time.Duration, bool) {
	k.mu.Lock()
	defer k.mu.Unlock()
	at, ok := k.stopped[order]
	return at, ok
}

// suiteBubble runs body in a katatest.Bubble, then lets fake time run on, so
// that work a wrong deli left behind can end and the test reports its own
// failure.
func suiteBubble(t *testing.T, body func(t *testing.T)) {
	t.Helper()
	katatest.Bubble(t, func(t *testing.T) {
		defer time.Sleep(48 * time.Hour)
		body(t)
	})
}

// suiteOpen opens a deli for a test. If the test ends without closing it (it
// failed early), the deli is closed with an ended ctx, so that its registers
// stop and the failure is reported as it is.
func suiteOpen(t *testing.T, registers, line int, cook Cook) *Deli {
	t.Helper()
	d := Open(registers, line, cook)
	t.Cleanup(func() {
		ctx, cancel := context.WithCancel(context.Background())
		cancel()
		_ = d.Close(ctx)
	})
	return d
}

// suiteOrderAll places the orders one after another and fails the test unless
// every one is accepted.
func suiteOrderAll(t *testing.T, d *Deli, orders []string) []*Ticket {
	t.Helper()
	tickets := make([]*Ticket, len(orders))
	for i, o := range orders {
		tk, err := d.Order(context.Background(), o)
		require.NoError(t, err, "Order(%q) on an open deli", o)
		require.NotNil(t, tk, "Order(%q) returned no ticket", o)
		tickets[i] = tk
	}
	return tickets
}

func suiteNumbers(tickets []*Ticket) []int {
	ns := make([]int, len(tickets))
	for i, tk := range tickets {
		ns[i] = tk.Number()
	}
	return ns
}

// suiteCollectAll collects every ticket, waiting as long as it takes.
func suiteCollectAll(tickets []*Ticket) ([]string, []error) {
	meals, errs := make([]string, len(tickets)), make([]error, len(tickets))
	for i, tk := range tickets {
		meals[i], errs[i] = tk.Collect(context.Background())
	}
	return meals, errs
}

// suiteIsReady reports, without waiting, whether the ticket's order is done.
func suiteIsReady(tk *Ticket) bool {
	select {
	case <-tk.Ready():
		return true
	default:
		return false
	}
}

// suiteEnded returns a context that has already been cancelled.
func suiteEnded() context.Context {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	return ctx
}

// suiteBurnt is the error of an order the suite's cook fails.
func suiteBurnt(order string) error { return errors.New(order + ": burnt") }

// --- correctness ---------------------------------------------------------

func TestCorrectEveryOrderGetsItsMeal(t *testing.T) {
	tests := []struct {
		name            string
		registers, line int
		orders          int
	}{
		{"one register, no line", 1, 0, 5},
		{"three registers, a line of two", 3, 2, 10},
		{"more registers than orders", 8, 4, 3},
		{"a line longer than the orders", 2, 20, 7},
		{"no orders at all", 2, 2, 0},
		{"zero registers count as one", 0, 3, 4},
		{"negative registers count as one", -2, 3, 4},
		{"a negative line counts as none", 2, -5, 6},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				k := suiteNewKitchen(time.Second)
				d := suiteOpen(t, tc.registers, tc.line, k.cook)
				orders := suiteOrders(tc.orders)
				tickets := suiteOrderAll(t, d, orders)
				meals, errs := suiteCollectAll(tickets)
				require.Empty(t, cmp.Diff(suiteMeals(orders), meals), "the meal on each ticket (-want +got)")
				for i, err := range errs {
					require.NoError(t, err, "Collect of ticket %d", i+1)
				}
				require.Empty(t, cmp.Diff(suiteOneToN(tc.orders), suiteNumbers(tickets)), "ticket numbers (-want +got)")
				require.NoError(t, d.Close(context.Background()))
				k.requireCookedOnce(t, orders)
			})
		})
	}
}

func TestCorrectCookErrorsReachTheirTickets(t *testing.T) {
	suiteBubble(t, func(t *testing.T) {
		k := suiteNewKitchen(time.Second)
		orders := suiteOrders(6)
		for _, o := range []string{orders[1], orders[4]} {
			k.fail[o] = suiteBurnt(o)
		}
		d := suiteOpen(t, 2, 4, k.cook)
		tickets := suiteOrderAll(t, d, orders)
		for i, tk := range tickets {
			meal, err := tk.Collect(context.Background())
			if want := k.fail[orders[i]]; want != nil {
				assert.ErrorIs(t, err, want, "ticket %d: the cook's error", tk.Number())
				assert.Empty(t, meal, "ticket %d: the cook returned no meal", tk.Number())
				continue
			}
			assert.NoError(t, err, "ticket %d: a failed order must not spoil the others", tk.Number())
			assert.Equal(t, suiteMeal(orders[i]), meal, "ticket %d", tk.Number())
		}
		require.NoError(t, d.Close(context.Background()))
		k.requireCookedOnce(t, orders)
	})
}

func TestCorrectReadyIsClosedOnceTheOrderIsDone(t *testing.T) {
	suiteBubble(t, func(t *testing.T) {
		k := suiteNewKitchen(time.Second)
		d := suiteOpen(t, 1, 1, k.cook)
		tickets := suiteOrderAll(t, d, suiteOrders(2))
		first, second := tickets[0], tickets[1]
		require.Equal(t, first.Ready(), first.Ready(), "Ready must return the same channel every time")

		time.Sleep(500 * time.Millisecond)
		assert.False(t, suiteIsReady(first), "at 0.5s the first order is still being cooked")
		assert.False(t, suiteIsReady(second), "at 0.5s the second order is still in line")
		time.Sleep(time.Second)
		assert.True(t, suiteIsReady(first), "at 1.5s the first order is done")
		assert.False(t, suiteIsReady(second), "at 1.5s the second order is still being cooked")
		<-second.Ready()

		for range 20 { // a done order wins over an ended ctx
			meal, err := first.Collect(suiteEnded())
			require.NoError(t, err, "Collect on a done order with an ended ctx returns the order's outcome")
			require.Equal(t, suiteMeal(suiteOrder(1)), meal)
		}
		meals := make([]string, 5)
		var wg sync.WaitGroup
		for i := range meals {
			wg.Go(func() { meals[i], _ = second.Collect(context.Background()) })
		}
		wg.Wait()
		want := slices.Repeat([]string{suiteMeal(suiteOrder(2))}, 5)
		require.Empty(t, cmp.Diff(want, meals), "every caller of Collect gets the same meal (-want +got)")
		require.NoError(t, d.Close(context.Background()))
	})
}

func TestCorrectCollectReturnsTheContextErrorAndTheOrderGoesOn(t *testing.T) {
	suiteBubble(t, func(t *testing.T) {
		k := suiteNewKitchen(time.Hour)
		d := suiteOpen(t, 1, 0, k.cook)
		tk := suiteOrderAll(t, d, suiteOrders(1))[0]

		meal, err := tk.Collect(suiteEnded())
		require.ErrorIs(t, err, context.Canceled, "Collect with an ended ctx, on an order not done")
		require.Empty(t, meal)
		ctx, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		meal, err = tk.Collect(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded, "Collect past its ctx's deadline")
		require.Empty(t, meal)

		meal, err = tk.Collect(context.Background())
		require.NoError(t, err, "the order goes on after a Collect gave up")
		require.Equal(t, suiteMeal(suiteOrder(1)), meal)
		require.NoError(t, d.Close(context.Background()))
	})
}

func TestCorrectOrderWithAnEndedContextAcceptsNothing(t *testing.T) {
	t.Run("ctx ended before the call, with room in line", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Second)
			d := suiteOpen(t, 2, 5, k.cook)
			for range 20 {
				tk, err := d.Order(suiteEnded(), "ghost")
				require.ErrorIs(t, err, context.Canceled, "Order with an ended ctx")
				require.Nil(t, tk)
			}
			tickets := suiteOrderAll(t, d, suiteOrders(2))
			require.Empty(t, cmp.Diff([]int{1, 2}, suiteNumbers(tickets)), "refused orders take no number (-want +got)")
			require.NoError(t, d.Close(context.Background()))
			k.requireCookedOnce(t, suiteOrders(2))
		})
	})
	t.Run("ctx ends while Order waits", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Second)
			d := suiteOpen(t, 1, 0, k.cook)
			suiteOrderAll(t, d, suiteOrders(1))
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			tk, err := d.Order(ctx, "ghost")
			require.ErrorIs(t, err, context.DeadlineExceeded, "Order blocked past its ctx's deadline")
			require.Nil(t, tk)
			next := suiteOrderAll(t, d, []string{suiteOrder(2)})
			require.Equal(t, 2, next[0].Number(), "an order given up at the door takes no number")
			require.NoError(t, d.Close(context.Background()))
			k.requireCookedOnce(t, suiteOrders(2))
		})
	})
}

func TestCorrectOrderIsRefusedOnceCloseBegins(t *testing.T) {
	t.Run("after Close returned", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Second)
			d := suiteOpen(t, 2, 2, k.cook)
			suiteOrderAll(t, d, suiteOrders(3))
			require.NoError(t, d.Close(context.Background()))
			for _, ctx := range []context.Context{context.Background(), suiteEnded()} {
				for range 10 {
					tk, err := d.Order(ctx, "late")
					require.ErrorIs(t, err, ErrClosed, "Order after Close, whatever its ctx")
					require.Nil(t, tk)
				}
			}
			time.Sleep(time.Hour)
			k.requireCookedOnce(t, suiteOrders(3))
		})
	})
	t.Run("while Close waits for the line", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Second)
			d := suiteOpen(t, 1, 5, k.cook)
			suiteOrderAll(t, d, suiteOrders(3))
			refused := make(chan error, 1)
			go func() {
				time.Sleep(1500 * time.Millisecond) // Close is waiting for order 2
				_, err := d.Order(context.Background(), "late")
				refused <- err
			}()
			require.NoError(t, d.Close(context.Background()))
			require.ErrorIs(t, <-refused, ErrClosed, "Order while Close waits")
			time.Sleep(time.Hour)
			k.requireCookedOnce(t, suiteOrders(3))
		})
	})
	t.Run("customers already waiting at the door", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Second)
			d := suiteOpen(t, 1, 1, k.cook)
			tickets := suiteOrderAll(t, d, suiteOrders(2)) // one cooking, one in line: the line is full
			errs := make([]error, 3)
			var wg sync.WaitGroup
			for i := range errs {
				wg.Go(func() {
					tk, err := d.Order(context.Background(), fmt.Sprintf("waiting #%d", i))
					if tk != nil {
						err = fmt.Errorf("accepted as ticket %d", tk.Number())
					}
					errs[i] = err
				})
			}
			time.Sleep(500 * time.Millisecond) // all three wait at the door
			require.NoError(t, d.Close(context.Background()))
			wg.Wait()
			for i, err := range errs {
				require.ErrorIs(t, err, ErrClosed, "customer %d was waiting at the door when Close began", i)
			}
			meals, _ := suiteCollectAll(tickets)
			require.Empty(t, cmp.Diff(suiteMeals(suiteOrders(2)), meals), "the accepted orders are still cooked (-want +got)")
			k.requireCookedOnce(t, suiteOrders(2))
		})
	})
	t.Run("after Close gave up", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Second)
			d := suiteOpen(t, 1, 2, k.cook)
			suiteOrderAll(t, d, suiteOrders(3))
			ctx, cancel := context.WithTimeout(context.Background(), 500*time.Millisecond)
			defer cancel()
			require.ErrorIs(t, d.Close(ctx), context.DeadlineExceeded)
			_, err := d.Order(context.Background(), "late")
			require.ErrorIs(t, err, ErrClosed, "the deli stays closed after Close gave up")
		})
	})
}

func TestCorrectCloseCooksEveryAcceptedOrder(t *testing.T) {
	suiteBubble(t, func(t *testing.T) {
		k := suiteNewKitchen(time.Second)
		d := suiteOpen(t, 2, 6, k.cook)
		orders := suiteOrders(8)
		tickets := suiteOrderAll(t, d, orders)
		time.Sleep(500 * time.Millisecond) // two orders cooking, six in line
		require.NoError(t, d.Close(context.Background()))
		for _, tk := range tickets {
			require.True(t, suiteIsReady(tk), "Close returned nil while ticket %d was not done", tk.Number())
		}
		meals, _ := suiteCollectAll(tickets)
		require.Empty(t, cmp.Diff(suiteMeals(orders), meals), "every order accepted before Close is cooked (-want +got)")
		k.requireCookedOnce(t, orders)
	})
}

func TestCorrectCloseThatGivesUpAbandonsTheLine(t *testing.T) {
	suiteBubble(t, func(t *testing.T) {
		k := suiteNewKitchen(time.Second)
		d := suiteOpen(t, 1, 3, k.cook)
		orders := suiteOrders(4)
		tickets := suiteOrderAll(t, d, orders)
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		require.ErrorIs(t, d.Close(ctx), context.DeadlineExceeded, "Close past its deadline")
		for _, tk := range tickets {
			require.True(t, suiteIsReady(tk), "when Close returns, ticket %d must be done (cooked, stopped or abandoned)", tk.Number())
		}
		meal, err := tickets[0].Collect(context.Background())
		assert.NoError(t, err, "ticket 1 was cooked before the deadline")
		assert.Equal(t, suiteMeal(orders[0]), meal, "ticket 1")
		_, err = tickets[1].Collect(context.Background())
		assert.True(t, errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded),
			"ticket 2 was being cooked at the deadline: its cook's ctx must end, and the ticket gets what the cook returned, "+
				"its ctx's error; got %v", err)
		for _, tk := range tickets[2:] {
			meal, err := tk.Collect(context.Background())
			assert.ErrorIs(t, err, ErrClosed, "ticket %d was still in line at the deadline: abandoned", tk.Number())
			assert.Empty(t, meal, "ticket %d", tk.Number())
		}
		time.Sleep(time.Hour)
		k.requireCookedOnce(t, orders[:2])
		require.NoError(t, d.Close(context.Background()), "a Close after the closing is over")
	})
}

func TestCorrectCloseCanBeCalledAgain(t *testing.T) {
	t.Run("several at once", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Second)
			d := suiteOpen(t, 2, 3, k.cook)
			tickets := suiteOrderAll(t, d, suiteOrders(5))
			errs := make([]error, 4)
			notDone := make([]int, 4)
			var wg sync.WaitGroup
			for i := range errs {
				wg.Go(func() {
					errs[i] = d.Close(context.Background())
					for _, tk := range tickets {
						if !suiteIsReady(tk) {
							notDone[i]++
						}
					}
				})
			}
			wg.Wait()
			for i := range errs {
				require.NoError(t, errs[i], "Close %d", i)
				require.Zero(t, notDone[i], "Close %d returned before every order was done", i)
			}
		})
	})
	t.Run("once more after it returned", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Second)
			d := suiteOpen(t, 2, 1, k.cook)
			suiteOrderAll(t, d, suiteOrders(3))
			require.NoError(t, d.Close(context.Background()))
			require.NoError(t, d.Close(context.Background()), "a second Close")
			for range 20 {
				require.NoError(t, d.Close(suiteEnded()), "a Close after the closing is over returns nil, even with an ended ctx")
			}
		})
	})
	t.Run("one gives up, another waits", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Second)
			d := suiteOpen(t, 1, 3, k.cook)
			tickets := suiteOrderAll(t, d, suiteOrders(3))
			patient := make(chan error, 1)
			go func() { patient <- d.Close(context.Background()) }()
			ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
			defer cancel()
			require.ErrorIs(t, d.Close(ctx), context.DeadlineExceeded, "the Close whose ctx ended")
			require.NoError(t, <-patient, "a Close whose ctx never ends returns nil once the closing is over")
			_, err := tickets[2].Collect(context.Background())
			require.ErrorIs(t, err, ErrClosed, "ticket 3 was abandoned when the first Close gave up")
		})
	})
}

func TestCorrectCustomersRacingCloseLoseNothing(t *testing.T) {
	suiteBubble(t, func(t *testing.T) {
		k := suiteNewKitchen(time.Millisecond)
		d := suiteOpen(t, 3, 2, k.cook)
		const customers, tries = 8, 40
		type suiteAccepted struct {
			order  string
			ticket *Ticket
		}
		accepted := make([][]suiteAccepted, customers)
		started := make(chan struct{}, customers)
		var wg sync.WaitGroup
		for c := range customers {
			wg.Go(func() {
				for i := range tries {
					if i == 5 {
						started <- struct{}{}
					}
					order := fmt.Sprintf("customer %d, order %d", c, i)
					tk, err := d.Order(context.Background(), order)
					if err != nil {
						assert.ErrorIs(t, err, ErrClosed)
						return
					}
					accepted[c] = append(accepted[c], suiteAccepted{order, tk})
					if i%3 == 0 { // some customers collect as they go, the others later
						_, _ = tk.Collect(context.Background())
					}
				}
			})
		}
		for range customers {
			<-started
		}
		closed := make(chan error, 2)
		for range 2 {
			go func() { closed <- d.Close(context.Background()) }()
		}
		require.NoError(t, <-closed)
		require.NoError(t, <-closed)
		wg.Wait()

		var numbers []int
		var orders []string
		for c := range customers {
			for _, a := range accepted[c] {
				numbers = append(numbers, a.ticket.Number())
				meal, err := a.ticket.Collect(context.Background())
				require.NoError(t, err, "ticket %d", a.ticket.Number())
				require.Equal(t, suiteMeal(a.order), meal, "ticket %d", a.ticket.Number())
				orders = append(orders, a.order)
			}
		}
		require.GreaterOrEqual(t, len(numbers), customers*5, "every customer had orders accepted before Close")
		slices.Sort(numbers)
		require.Empty(t, cmp.Diff(suiteOneToN(len(numbers)), numbers), "ticket numbers, sorted: 1 to n, each once (-want +got)")
		k.requireCookedOnce(t, orders)
	})
}

// --- ordering ------------------------------------------------------------

func TestOrderTicketsAreNumberedInTheOrderTheyAreAccepted(t *testing.T) {
	for _, line := range []int{0, 1, 10} {
		t.Run(fmt.Sprintf("a line of %d", line), func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				k := suiteNewKitchen(time.Second)
				d := suiteOpen(t, 2, line, k.cook)
				tickets := suiteOrderAll(t, d, suiteOrders(10))
				require.Empty(t, cmp.Diff(suiteOneToN(10), suiteNumbers(tickets)),
					"tickets of one customer ordering ten times (-want +got)")
				require.NoError(t, d.Close(context.Background()))
			})
		})
	}
}

// suiteFIFOStarts is when each order starts, counted from the opening, if the
// orders are placed one after another at time 0 and `registers` registers take
// them oldest first: each order starts as soon as a register is free.
func suiteFIFOStarts(took []time.Duration, registers int) []time.Duration {
	free := make([]time.Duration, registers)
	starts := make([]time.Duration, len(took))
	for i, d := range took {
		r := slices.Index(free, slices.Min(free))
		starts[i] = free[r]
		free[r] += d
	}
	return starts
}

func suiteSeconds(xs ...int) []time.Duration {
	ds := make([]time.Duration, len(xs))
	for i, x := range xs {
		ds[i] = time.Duration(x) * time.Second
	}
	return ds
}

func TestOrderRegistersStartOrdersInTicketOrder(t *testing.T) {
	uneven := suiteSeconds(2, 5, 1, 3, 1, 4, 2, 2, 1, 3, 1, 1)
	tests := []struct {
		name            string
		registers, line int
		took            []time.Duration
	}{
		{"one register, a long line", 1, 10, suiteSeconds(1, 1, 1, 1, 1, 1)},
		{"one register, uneven orders", 1, 3, uneven},
		{"two registers, a long first order", 2, 10, suiteSeconds(3, 1, 1, 2, 1, 1)},
		{"three registers, no line", 3, 0, uneven},
		{"three registers, a line of two", 3, 2, uneven},
		{"four registers, a long line", 4, 20, uneven},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				orders := suiteOrders(len(tc.took))
				took := map[string]time.Duration{}
				for i, o := range orders {
					took[o] = tc.took[i]
				}
				k := suiteNewKitchenOf(func(o string) time.Duration { return took[o] })
				d := suiteOpen(t, tc.registers, tc.line, k.cook)
				tickets := suiteOrderAll(t, d, orders)
				require.NoError(t, d.Close(context.Background()))

				number := map[string]int{}
				for i, tk := range tickets {
					number[orders[i]] = tk.Number()
				}
				got := make([]time.Duration, len(orders))
				var sequence []int
				for _, s := range k.starts() {
					if n := number[s.Order]; n >= 1 && n <= len(got) {
						got[n-1] = s.At
						sequence = append(sequence, n)
					}
				}
				want := suiteFIFOStarts(tc.took, max(tc.registers, 1))
				require.Empty(t, cmp.Diff(want, got),
					"when each ticket's order started, by ticket number: registers take the oldest ticket in line as soon as they are free (-want +got)")
				if tc.registers == 1 {
					require.Empty(t, cmp.Diff(suiteOneToN(len(orders)), sequence),
						"the tickets in the order one register cooked them (-want +got)")
				}
			})
		})
	}
}

func TestOrderConcurrentCustomersAreCookedInTicketOrder(t *testing.T) {
	suiteBubble(t, func(t *testing.T) {
		k := suiteNewKitchen(time.Second)
		d := suiteOpen(t, 1, 3, k.cook)
		const customers, each = 6, 5
		tickets := make([][]*Ticket, customers)
		var wg sync.WaitGroup
		for c := range customers {
			wg.Go(func() {
				for i := range each {
					tk, err := d.Order(context.Background(), fmt.Sprintf("customer %d, order %d", c, i))
					if !assert.NoError(t, err) {
						return
					}
					tickets[c] = append(tickets[c], tk)
				}
			})
		}
		wg.Wait()
		require.NoError(t, d.Close(context.Background()))

		number := map[string]int{}
		for c := range customers {
			mine := suiteNumbers(tickets[c])
			require.True(t, slices.IsSorted(mine), "customer %d ordered one after another, yet got tickets %v", c, mine)
			for i, tk := range tickets[c] {
				number[fmt.Sprintf("customer %d, order %d", c, i)] = tk.Number()
			}
		}
		var sequence []int
		for _, s := range k.starts() {
			sequence = append(sequence, number[s.Order])
		}
		require.Empty(t, cmp.Diff(suiteOneToN(customers*each), sequence),
			"the ticket numbers in the order the one register cooked them (-want +got)")
	})
}

// --- timing --------------------------------------------------------------

func TestTimingRegistersCookAtOnce(t *testing.T) {
	tests := []struct {
		name              string
		registers, orders int
		elapsed           time.Duration
		most              int
	}{
		{"one register, two orders", 1, 2, 2 * time.Second, 1},
		{"three registers, six orders", 3, 6, 2 * time.Second, 3},
		{"four registers, eight orders", 4, 8, 2 * time.Second, 4},
		{"four registers, two orders", 4, 2, time.Second, 2},
		{"four registers, five orders", 4, 5, 2 * time.Second, 4},
		{"zero registers count as one", 0, 3, 3 * time.Second, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				start := time.Now()
				k := suiteNewKitchen(time.Second)
				d := suiteOpen(t, tc.registers, 10, k.cook)
				tickets := suiteOrderAll(t, d, suiteOrders(tc.orders))
				time.Sleep(500 * time.Millisecond)
				assert.Equal(t, tc.most, k.gauge.Current(), "orders being cooked at 0.5s: while orders wait, every register cooks")
				suiteCollectAll(tickets)
				assert.Equal(t, tc.elapsed, time.Since(start),
					"%d orders of 1s on %d register(s) must all be done at exactly %v", tc.orders, tc.registers, tc.elapsed)
				require.NoError(t, d.Close(context.Background()))
				assert.Equal(t, tc.most, k.gauge.Max(), "the most orders cooked at once")
			})
		})
	}
}

func TestTimingOrderWaitsExactlyWhileTheLineIsFull(t *testing.T) {
	tests := []struct {
		name            string
		registers, line int
		accepted        []time.Duration // when each Order returns; every order takes 1s
	}{
		{"one register, a line of two", 1, 2, suiteSeconds(0, 0, 0, 1, 2, 3)},
		{"two registers, no line", 2, 0, suiteSeconds(0, 0, 1, 1, 2)},
		{"two registers, a line of one", 2, 1, suiteSeconds(0, 0, 0, 1, 1, 2, 2)},
		{"one register, no line", 1, 0, suiteSeconds(0, 1, 2, 3)},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				start := time.Now()
				k := suiteNewKitchen(time.Second)
				d := suiteOpen(t, tc.registers, tc.line, k.cook)
				got := make([]time.Duration, len(tc.accepted))
				for i := range got {
					_, err := d.Order(context.Background(), suiteOrder(i+1))
					require.NoError(t, err)
					got[i] = time.Since(start)
				}
				require.Empty(t, cmp.Diff(tc.accepted, got),
					"when each Order returned: at once while there is room, else the instant a register frees a place (-want +got)")
				require.NoError(t, d.Close(context.Background()))
			})
		})
	}
}

func TestTimingOrderGivesUpTheMomentItsContextEnds(t *testing.T) {
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
		at   time.Duration
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), time.Second)
		}, context.DeadlineExceeded, time.Second},
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(250*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled, 250 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				start := time.Now()
				k := suiteNewKitchen(time.Hour)
				d := suiteOpen(t, 1, 1, k.cook)
				suiteOrderAll(t, d, suiteOrders(2)) // the register and the line are taken for an hour
				ctx, cancel := tc.ctx()
				defer cancel()
				_, err := d.Order(ctx, "impatient")
				require.ErrorIs(t, err, tc.want)
				assert.Equal(t, tc.at, time.Since(start), "Order must give up exactly when its ctx ends")
				require.NoError(t, d.Close(context.Background()))
			})
		})
	}
}

func TestTimingOrderGivesUpTheMomentItsContextEndsBehindAnotherWaitingCustomer(t *testing.T) {
	// A patient customer is already waiting for a place when impatient ones
	// arrive. Each impatient one leaves the moment its own ctx ends, not when
	// the patient one gets in; the patient one gets in when a place frees up,
	// and the impatient ones used up no number.
	suiteBubble(t, func(t *testing.T) {
		start := time.Now()
		k := suiteNewKitchen(time.Hour)
		d := suiteOpen(t, 1, 1, k.cook)
		suiteOrderAll(t, d, suiteOrders(2)) // the register and the line are taken for an hour
		type suiteOutcome struct {
			ticket *Ticket
			err    error
			at     time.Duration
		}
		patient := make(chan suiteOutcome, 1)
		go func() {
			tk, err := d.Order(context.Background(), suiteOrder(3))
			patient <- suiteOutcome{tk, err, time.Since(start)}
		}()
		time.Sleep(time.Second) // the patient customer waits for a place

		impatient := []struct {
			ctx  func() (context.Context, context.CancelFunc)
			want error
			at   time.Duration // when Order gives up
		}{
			{func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), time.Second)
			}, context.DeadlineExceeded, 2 * time.Second},
			{func() (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(context.Background())
				time.AfterFunc(500*time.Millisecond, cancel)
				return ctx, cancel
			}, context.Canceled, 1500 * time.Millisecond},
			{func() (context.Context, context.CancelFunc) {
				return context.WithTimeout(context.Background(), 3*time.Second)
			}, context.DeadlineExceeded, 4 * time.Second},
		}
		want, got := make([]time.Duration, len(impatient)), make([]time.Duration, len(impatient))
		var wg sync.WaitGroup
		for i, c := range impatient {
			want[i] = c.at
			ctx, cancel := c.ctx()
			defer cancel()
			wg.Go(func() {
				tk, err := d.Order(ctx, "impatient")
				got[i] = time.Since(start)
				assert.Nil(t, tk, "impatient customer %d must not be accepted", i)
				assert.ErrorIs(t, err, c.want, "impatient customer %d, waiting behind a customer who came first", i)
			})
		}
		wg.Wait()
		require.Empty(t, cmp.Diff(want, got),
			"when the impatient customers gave up, each behind a customer who came first: the moment its own ctx ended (-want +got)")

		p := <-patient
		require.NoError(t, p.err, "the patient customer")
		require.NotNil(t, p.ticket)
		assert.Equal(t, time.Hour, p.at, "the patient customer gets in when the first order is done")
		assert.Equal(t, 3, p.ticket.Number(), "customers who gave up at the door take no number")
		require.NoError(t, d.Close(context.Background()))
		k.requireCookedOnce(t, suiteOrders(3))
	})
}

func TestTimingCustomersAtTheDoorAreTurnedAwayTheMomentCloseBegins(t *testing.T) {
	suiteBubble(t, func(t *testing.T) {
		start := time.Now()
		k := suiteNewKitchen(time.Hour)
		d := suiteOpen(t, 1, 1, k.cook)
		suiteOrderAll(t, d, suiteOrders(2)) // the register and the line are taken for an hour
		turnedAway := make([]time.Duration, 3)
		var wg sync.WaitGroup
		for i := range turnedAway {
			wg.Go(func() {
				_, err := d.Order(context.Background(), "waiting")
				assert.ErrorIs(t, err, ErrClosed, "a customer waiting at the door when Close begins")
				turnedAway[i] = time.Since(start)
			})
		}
		closed := make(chan error, 1)
		time.AfterFunc(time.Minute, func() { closed <- d.Close(context.Background()) })
		wg.Wait()
		require.Empty(t, cmp.Diff(suiteSeconds(60, 60, 60), turnedAway),
			"when the waiting customers were turned away: the moment Close began (-want +got)")
		require.NoError(t, <-closed)
		assert.Equal(t, 2*time.Hour, time.Since(start), "Close returns when the two accepted orders are done")
	})
}

func TestTimingCollectReturnsWhenTheMealIsReady(t *testing.T) {
	suiteBubble(t, func(t *testing.T) {
		start := time.Now()
		took := map[string]time.Duration{suiteOrder(1): time.Second, suiteOrder(2): 2 * time.Second, suiteOrder(3): 3 * time.Second}
		k := suiteNewKitchenOf(func(o string) time.Duration { return took[o] })
		d := suiteOpen(t, 2, 2, k.cook)
		tickets := suiteOrderAll(t, d, suiteOrders(3))
		got := make([]time.Duration, 3)
		var wg sync.WaitGroup
		for i, tk := range tickets {
			wg.Go(func() {
				_, _ = tk.Collect(context.Background())
				got[i] = time.Since(start)
			})
		}
		ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
		defer cancel()
		_, err := tickets[2].Collect(ctx)
		require.ErrorIs(t, err, context.DeadlineExceeded)
		assert.Equal(t, 1500*time.Millisecond, time.Since(start), "Collect must give up exactly when its ctx ends")
		wg.Wait()
		require.Empty(t, cmp.Diff(suiteSeconds(1, 2, 4), got),
			"when Collect returned for each ticket: 1s and 2s on two registers, then 3s after the first is done (-want +got)")
		require.NoError(t, d.Close(context.Background()))
	})
}

func TestTimingCloseReturnsWhenTheLastAcceptedOrderIsDone(t *testing.T) {
	tests := []struct {
		name              string
		registers, orders int
		elapsed           time.Duration
	}{
		{"seven orders on three registers", 3, 7, 3 * time.Second},
		{"four orders on one register", 1, 4, 4 * time.Second},
		{"no orders", 3, 0, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				start := time.Now()
				k := suiteNewKitchen(time.Second)
				d := suiteOpen(t, tc.registers, 10, k.cook)
				suiteOrderAll(t, d, suiteOrders(tc.orders))
				require.NoError(t, d.Close(context.Background()))
				assert.Equal(t, tc.elapsed, time.Since(start),
					"Close must return when the last accepted order is done, not before, not after")
			})
		})
	}
}

func TestTimingCloseGivesUpExactlyWhenItsContextEnds(t *testing.T) {
	for _, tc := range []struct {
		name string
		ctx  func() (context.Context, context.CancelFunc)
		want error
		at   time.Duration
	}{
		{"deadline", func() (context.Context, context.CancelFunc) {
			return context.WithTimeout(context.Background(), 1500*time.Millisecond)
		}, context.DeadlineExceeded, 1500 * time.Millisecond},
		{"cancel", func() (context.Context, context.CancelFunc) {
			ctx, cancel := context.WithCancel(context.Background())
			time.AfterFunc(750*time.Millisecond, cancel)
			return ctx, cancel
		}, context.Canceled, 750 * time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			suiteBubble(t, func(t *testing.T) {
				start := time.Now()
				k := suiteNewKitchen(time.Second)
				d := suiteOpen(t, 1, 3, k.cook)
				tickets := suiteOrderAll(t, d, suiteOrders(4))
				ctx, cancel := tc.ctx()
				defer cancel()
				require.ErrorIs(t, d.Close(ctx), tc.want)
				assert.Equal(t, tc.at, time.Since(start), "Close must give up exactly when its ctx ends")
				cooking := int(tc.at/time.Second) + 1 // the order being cooked when ctx ends
				stopped, ok := k.stoppedAt(suiteOrder(cooking))
				assert.True(t, ok, "the ctx of order %d, being cooked, must end when Close gives up", cooking)
				assert.Equal(t, tc.at, stopped, "when the ctx of order %d ended", cooking)
				for i := cooking; i < len(tickets); i++ {
					assert.True(t, suiteIsReady(tickets[i]), "order %d, abandoned in line, must be done when Close returns", i+1)
				}
			})
		})
	}
}

// --- leaks ---------------------------------------------------------------

func TestLeakNothingLeftAfterClose(t *testing.T) {
	t.Run("no orders", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Hour)
			d := suiteOpen(t, 3, 2, k.cook)
			require.NoError(t, d.Close(context.Background()))
			katatest.NoLeaks(t)
		})
	})
	t.Run("orders cooking and waiting", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Hour)
			d := suiteOpen(t, 3, 5, k.cook)
			suiteOrderAll(t, d, suiteOrders(8))
			time.Sleep(30 * time.Minute)
			require.NoError(t, d.Close(context.Background()))
			katatest.NoLeaks(t)
		})
	})
	t.Run("a Close that gave up", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Hour)
			d := suiteOpen(t, 2, 3, k.cook)
			suiteOrderAll(t, d, suiteOrders(5))
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			require.ErrorIs(t, d.Close(ctx), context.DeadlineExceeded)
			katatest.NoLeaks(t)
		})
	})
	t.Run("customers waiting at the door", func(t *testing.T) {
		suiteBubble(t, func(t *testing.T) {
			k := suiteNewKitchen(time.Hour)
			d := suiteOpen(t, 1, 0, k.cook)
			suiteOrderAll(t, d, suiteOrders(1))
			var wg sync.WaitGroup
			for range 3 {
				wg.Go(func() { _, _ = d.Order(context.Background(), "waiting") })
			}
			time.Sleep(time.Minute)
			require.NoError(t, d.Close(context.Background()))
			wg.Wait()
			katatest.NoLeaks(t)
		})
	})
}

// --- speedup -------------------------------------------------------------

// suiteKnead is CPU-bound cooking: rounds×500k steps of register-only
// arithmetic, about 1 ms a round, no memory traffic.
func suiteKnead(seed uint64, rounds int) uint64 {
	x := seed*0x9E3779B97F4A7C15 + 1
	for range rounds * 500_000 {
		x ^= x << 13
		x ^= x >> 7
		x ^= x << 17
	}
	return x
}

// suiteCPUMeal is the meal of a CPU-bound order: the order is its own number,
// and order i takes 1 + i%3 rounds.
func suiteCPUMeal(order string) (string, error) {
	i, err := strconv.Atoi(order)
	if err != nil {
		return "", err
	}
	return strconv.FormatUint(suiteKnead(uint64(i), 1+i%3), 16), nil
}

// suiteSink keeps the sequential version's results alive.
var suiteSink []string

func TestSpeedupRegistersCookOnEveryCPU(t *testing.T) {
	const n = 75
	orders := make([]string, n)
	want := make([]string, n)
	for i := range orders {
		orders[i] = strconv.Itoa(i)
		want[i], _ = suiteCPUMeal(orders[i])
	}
	registers := runtime.GOMAXPROCS(0)
	// Outside any bubble too, several registers must cook at once: counted
	// in the calls on more than one CPU.
	var atOnce katatest.Gauge
	cook := func(_ context.Context, order string) (string, error) {
		if runtime.GOMAXPROCS(0) > 1 {
			atOnce.Enter()
			defer atOnce.Exit()
		}
		return suiteCPUMeal(order)
	}
	katatest.Speedup(t, "22-deli", katatest.Work{
		Run: func() {
			ctx := context.Background()
			d := Open(registers, registers, cook)
			tickets := make([]*Ticket, n)
			for i, o := range orders {
				tk, err := d.Order(ctx, o)
				if err != nil {
					t.Fatalf("Order(%q) on an open deli: %v", o, err)
				}
				tickets[i] = tk
			}
			for i, tk := range tickets {
				if meal, err := tk.Collect(ctx); err != nil || meal != want[i] {
					t.Fatalf("ticket %d: Collect = %q, %v; want %q, nil", i+1, meal, err, want[i])
				}
			}
			if err := d.Close(ctx); err != nil {
				t.Fatalf("Close: %v", err)
			}
		},
		Sequential: func() {
			meals := make([]string, n)
			for i, o := range orders {
				meals[i], _ = suiteCPUMeal(o)
			}
			suiteSink = meals
		},
	})
	if atOnce.Max() < 2 {
		t.Errorf("on %d CPUs, no two orders were ever cooked at once: the registers did not work in parallel", registers)
	}
}
