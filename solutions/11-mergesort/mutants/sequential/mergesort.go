// Mutant: a plain merge sort on the calling goroutine, with no fork at all. Caught by: speedup.
package mergesort

// Sort sorts xs in place, on one goroutine.
func Sort(xs []int) {
	if len(xs) < 2 {
		return
	}
	sequential(xs, make([]int, len(xs)))
}

// sequential is a plain top-down merge sort.
func sequential(xs, buf []int) {
	if len(xs) < 2 {
		return
	}
	mid := len(xs) / 2
	sequential(xs[:mid], buf[:mid])
	sequential(xs[mid:], buf[mid:])
	merge(xs, buf, mid)
}

// merge merges the sorted runs xs[:mid] and xs[mid:] into buf, then copies the
// result back into xs.
func merge(xs, buf []int, mid int) {
	i, j, k := 0, mid, 0
	for i < mid && j < len(xs) {
		if xs[j] < xs[i] {
			buf[k] = xs[j]
			j++
		} else {
			buf[k] = xs[i]
			i++
		}
		k++
	}
	k += copy(buf[k:], xs[i:mid])
	copy(buf[k:], xs[j:])
	copy(xs, buf)
}
