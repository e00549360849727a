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

// Serve works through orders one after another and returns one Receipt per
// order, in the same order, each totalling what price returns for its items.
func Serve(orders []Order, price func(item string) int) []Receipt {
	receipts := make([]Receipt, 0, len(orders))
	for _, o := range orders {
		total := 0
		for _, item := range o.Items {
			total += price(item)
		}
		receipts = append(receipts, Receipt{OrderID: o.ID, Total: total})
	}
	return receipts
}
