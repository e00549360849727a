// Mutant: totals are kept in a map keyed by order ID and the receipts built by ranging over it, so they come in random order and repeated IDs are merged. Caught by: ordering, correctness.
package sequential

type Order struct {
	ID    int
	Items []string
}

type Receipt struct {
	OrderID int
	Total   int // cents
}

func Serve(orders []Order, price func(item string) int) []Receipt {
	totals := make(map[int]int, len(orders))
	for _, o := range orders {
		totals[o.ID] += 0 // an order with no items still gets a receipt
		for _, item := range o.Items {
			totals[o.ID] += price(item)
		}
	}
	receipts := make([]Receipt, 0, len(totals))
	for id, total := range totals {
		receipts = append(receipts, Receipt{OrderID: id, Total: total})
	}
	return receipts
}
