// Package sequential is Deli's first kata: one line of customers, one
// register. Each order is served to the end before the next one is started.
package sequential

// An Order is one customer's order. IDs need not be sorted or unique; Items
// may be empty and may name the same item more than once.
type Order struct {
	ID    int
	Items []string
}

// A Receipt is what the register hands back for one order.
type Receipt struct {
	OrderID int
	Total   int // cents
}

// Serve works through orders one after another, as a single register works
// through a single line, and returns one Receipt per order:
//
//   - receipts[i] belongs to orders[i]: same position, OrderID == orders[i].ID,
//     whatever the IDs are (unsorted, repeated). An order with no items still
//     gets its receipt, with Total 0.
//   - Total is the sum of what price returns for each of the order's items,
//     a repeated item counted every time it appears. Serve adds up exactly
//     what price returns; price returns 0 for an item it does not know, so an
//     unknown item adds nothing.
//   - price is called exactly once per item, in line order: every item of the
//     first order, then every item of the second, and so on, one call at a
//     time.
//   - No orders (nil or empty) gives an empty, non-nil slice.
//   - orders is left unchanged.
func Serve(orders []Order, price func(item string) int) []Receipt {
	panic("TODO: serve each order in turn and return one receipt per order")
}
