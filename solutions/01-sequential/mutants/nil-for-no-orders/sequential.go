// Mutant: receipts start as a nil slice, so no orders gives nil instead of an empty slice. Caught by: correctness.
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
	var receipts []Receipt
	for _, o := range orders {
		total := 0
		for _, item := range o.Items {
			total += price(item)
		}
		receipts = append(receipts, Receipt{OrderID: o.ID, Total: total})
	}
	return receipts
}
