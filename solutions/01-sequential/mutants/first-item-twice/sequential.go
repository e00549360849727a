// Mutant: the total starts at the first item's price and the loop then starts at 0, not 1, so the first item is charged twice. Caught by: correctness, ordering.
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
		total := 0
		if len(o.Items) > 0 {
			total = price(o.Items[0])
		}
		for i := 0; i < len(o.Items); i++ {
			total += price(o.Items[i])
		}
		receipts = append(receipts, Receipt{OrderID: o.ID, Total: total})
	}
	return receipts
}
