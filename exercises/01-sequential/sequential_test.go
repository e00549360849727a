package sequential

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// suiteMenu is the deli's price list, in cents.
var suiteMenu = map[string]int{
	"bagel":    250,
	"coffee":   180,
	"pastrami": 1195,
	"pickle":   75,
	"soup":     450,
}

// suiteMenuPrice is a price function as a till would have it: a known item costs
// its menu price, an unknown one 0.
func suiteMenuPrice(item string) int { return suiteMenu[item] }

// --- correctness ---------------------------------------------------------

func TestCorrectTotalAddsUpItemPrices(t *testing.T) {
	tests := []struct {
		name  string
		items []string
		want  int
	}{
		{"one item costs its price", []string{"bagel"}, 250},
		{"several items add up", []string{"pastrami", "pickle", "coffee"}, 1450},
		{"a repeated item is charged every time", []string{"coffee", "coffee", "coffee"}, 540},
		{"an unknown item adds nothing", []string{"caviar", "bagel", "truffle"}, 250},
		{"an order of unknown items totals zero", []string{"caviar"}, 0},
		{"an order with no items totals zero", []string{}, 0},
		{"an order with nil items totals zero", nil, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Serve([]Order{{ID: 1, Items: tc.items}}, suiteMenuPrice)
			want := []Receipt{{OrderID: 1, Total: tc.want}}
			assert.Empty(t, cmp.Diff(want, got), "Serve(%q) receipts (-want +got)", tc.items)
		})
	}
}

func TestCorrectTotalIsExactlyWhatPriceReturns(t *testing.T) {
	// A price function that is not a lookup: Serve must only add up its answers.
	price := func(item string) int {
		switch item {
		case "coupon":
			return -100 // a discount
		case "":
			return 7
		}
		return 10 * len(item)
	}
	orders := []Order{
		{ID: 1, Items: []string{"rye", "coupon"}},        // 30 - 100
		{ID: 2, Items: []string{"", "", "salami"}},       // 7 + 7 + 60
		{ID: 3, Items: []string{"coupon", "coupon"}},     // -200
		{ID: 4, Items: []string{"matzo ball soup", "a"}}, // 150 + 10
	}
	want := []Receipt{{1, -70}, {2, 74}, {3, -200}, {4, 160}}
	got := Serve(orders, price)
	assert.Empty(t, cmp.Diff(want, got), "receipts (-want +got)")
}

func TestCorrectEveryOrderGetsOneReceipt(t *testing.T) {
	// IDs ascending here, so this test is about what is on the receipts, not their order.
	orders := []Order{
		{ID: 1, Items: []string{"bagel", "coffee"}},
		{ID: 2, Items: nil},
		{ID: 3, Items: []string{"soup"}},
		{ID: 3, Items: []string{"pickle", "pickle"}}, // same customer came back: a second receipt
		{ID: 4, Items: []string{}},
		{ID: 5, Items: []string{"pastrami"}},
	}
	want := []Receipt{{1, 430}, {2, 0}, {3, 450}, {3, 150}, {4, 0}, {5, 1195}}
	got := Serve(orders, suiteMenuPrice)
	assert.Empty(t, cmp.Diff(want, got), "receipts (-want +got)")
}

func TestCorrectNoOrdersGivesEmptyNonNilReceipts(t *testing.T) {
	for _, tc := range []struct {
		name   string
		orders []Order
	}{
		{"nil orders", nil},
		{"an empty slice of orders", []Order{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			got := Serve(tc.orders, func(item string) int { calls++; return suiteMenu[item] })
			require.NotNil(t, got, "Serve must return an empty, non-nil slice when there are no orders")
			assert.Empty(t, got, "no orders, no receipts")
			assert.Zero(t, calls, "price must not be called when there are no orders")
		})
	}
}

func TestCorrectServesALongLine(t *testing.T) {
	const n = 1000
	items := []string{"bagel", "coffee", "pickle", "mystery"}
	orders := make([]Order, n)
	want := make([]Receipt, n)
	for i := range orders {
		// Order i asks for the first i%5 items of the list, wrapping around.
		var its []string
		total := 0
		for j := range i % 5 {
			it := items[(i+j)%len(items)]
			its = append(its, it)
			total += suiteMenu[it]
		}
		orders[i] = Order{ID: i + 1, Items: its}
		want[i] = Receipt{OrderID: i + 1, Total: total}
	}
	got := Serve(orders, suiteMenuPrice)
	require.Len(t, got, n, "one receipt per order")
	assert.Empty(t, cmp.Diff(want, got), "receipts (-want +got)")
}

// TestCorrectALunchRushIsServedInRealTime serves a line whose prices take real
// work to look up. It is also the workload `grader trace 01` draws: one
// register busy, one customer at a time.
func TestCorrectALunchRushIsServedInRealTime(t *testing.T) {
	const n = 400
	orders := make([]Order, n)
	want := make([]Receipt, n)
	for i := range orders {
		orders[i] = Order{ID: i, Items: []string{"pastrami", "pickle"}}
		want[i] = Receipt{OrderID: i, Total: suiteMenu["pastrami"] + suiteMenu["pickle"]}
	}
	slowPrice := func(item string) int {
		if suiteLookUp(20000) == 0 {
			return -1 // never: suiteLookUp's result is only there so that its work is done
		}
		return suiteMenu[item]
	}
	var got []Receipt
	katatest.Traced(t, func() { got = Serve(orders, slowPrice) })
	assert.Empty(t, cmp.Diff(want, got), "receipts (-want +got)")
}

// suiteLookUp stands for the work of finding a price: n rounds of arithmetic.
func suiteLookUp(n int) uint64 {
	x := uint64(1)
	for i := range n {
		x = x*6364136223846793005 + uint64(i) | 1
	}
	return x
}

func TestCorrectLeavesOrdersUnchanged(t *testing.T) {
	orders := []Order{
		{ID: 9, Items: []string{"soup", "bagel"}},
		{ID: 2, Items: []string{"coffee"}},
		{ID: 5, Items: nil},
	}
	before := suiteCloneOrders(orders)
	got := Serve(orders, suiteMenuPrice)
	require.Len(t, got, len(orders), "one receipt per order")
	assert.Empty(t, cmp.Diff(before, orders), "Serve changed its input (-before +after)")
}

func suiteCloneOrders(orders []Order) []Order {
	c := make([]Order, len(orders))
	for i, o := range orders {
		c[i] = Order{ID: o.ID, Items: slices.Clone(o.Items)}
	}
	return c
}

// --- ordering ------------------------------------------------------------

func TestOrderReceiptsFollowTheLine(t *testing.T) {
	long := make([]Order, 300)
	for i := range long {
		// IDs all different and well shuffled: 1, 38, 75, ... modulo 1009.
		long[i] = Order{ID: (1 + 37*i) % 1009, Items: []string{"coffee"}}
	}
	tests := []struct {
		name   string
		orders []Order
	}{
		{"unsorted IDs keep their places", []Order{
			{ID: 42, Items: []string{"soup"}},
			{ID: 7, Items: []string{"bagel"}},
			{ID: 19, Items: []string{"pastrami"}},
			{ID: 3, Items: []string{"coffee"}},
			{ID: 28, Items: []string{"pickle"}},
		}},
		{"descending IDs stay descending", []Order{
			{ID: 5, Items: []string{"pickle"}},
			{ID: 4, Items: []string{"bagel"}},
			{ID: 3},
			{ID: 2, Items: []string{"soup"}},
			{ID: 1, Items: []string{"coffee"}},
		}},
		{"repeated IDs keep their places", []Order{
			{ID: 5, Items: []string{"soup"}},
			{ID: 2, Items: []string{"bagel"}},
			{ID: 5, Items: []string{"coffee"}},
			{ID: 9, Items: []string{"pickle"}},
			{ID: 2, Items: []string{"pastrami"}},
		}},
		{"a long line keeps its order", long},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := make([]Receipt, len(tc.orders))
			for i, o := range tc.orders {
				for _, it := range o.Items {
					want[i].Total += suiteMenu[it]
				}
				want[i].OrderID = o.ID
			}
			got := Serve(tc.orders, suiteMenuPrice)
			assert.Empty(t, cmp.Diff(want, got), "receipts must come in the orders' order (-want +got)")
		})
	}
}

func TestOrderPricesItemsOneAtATimeInLineOrder(t *testing.T) {
	orders := []Order{
		{ID: 30, Items: []string{"soup", "bagel"}},
		{ID: 10, Items: nil},
		{ID: 20, Items: []string{"coffee", "pickle", "coffee"}},
		{ID: 10, Items: []string{"pastrami"}},
	}
	var seen []string
	var g katatest.Gauge
	price := katatest.Track(&g, func(item string) int {
		seen = append(seen, item)
		return suiteMenu[item]
	})
	got := Serve(orders, price)
	require.Len(t, got, len(orders), "one receipt per order")
	want := []string{"soup", "bagel", "coffee", "pickle", "coffee", "pastrami"}
	assert.Empty(t, cmp.Diff(want, seen), "price must be called once per item, order by order, item by item (-want +got)")
	assert.Equal(t, 1, g.Max(), "at most one price call at a time: one register")
}
