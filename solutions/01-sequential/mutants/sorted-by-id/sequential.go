// Mutant: receipts are sorted by order ID instead of following the line. Caught by: ordering.
package sequential

import (
	"cmp"
	"slices"
)

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
		for _, item := range o.Items {
			total += price(item)
		}
		receipts = append(receipts, Receipt{OrderID: o.ID, Total: total})
	}
	// "Tidy" the receipts for the customer: by order number.
	slices.SortFunc(receipts, func(a, b Receipt) int { return cmp.Compare(a.OrderID, b.OrderID) })
	return receipts
}
