// Mutant: forks a goroutine at every split, down to single elements: about one goroutine per element, each doing almost nothing. Caught by: speedup.
package mergesort

import "sync"

// Sort sorts xs in place, forking the left half of every part, however small.
func Sort(xs []int) {
	if len(xs) < 2 {
		return
	}
	sortInto(xs, make([]int, len(xs)))
}

func sortInto(xs, buf []int) {
	if len(xs) < 2 {
		return
	}
	mid := len(xs) / 2
	var wg sync.WaitGroup
	wg.Go(func() { sortInto(xs[:mid], buf[:mid]) })
	sortInto(xs[mid:], buf[mid:])
	wg.Wait()
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
