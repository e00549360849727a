// Mutant: an order with no items gets no receipt. Caught by: correctness.
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
	receipts := make([]Receipt, 0, len(orders))
	for _, o := range orders {
		if len(o.Items) == 0 {
			continue // nothing to charge, so nothing to print
		}
		total := 0
		for _, item := range o.Items {
			total += price(item)
		}
		receipts = append(receipts, Receipt{OrderID: o.ID, Total: total})
	}
	return receipts
}
