// Mutant: keeps the scratch buffer in a package variable, reused by every call to save an allocation, so two Sorts at the same time share it. Caught by: race.
package mergesort

import "sync"

const cutoff = 4096

// scratch is reused from one call to the next.
var scratch []int

// Sort sorts xs in place, forking the halves above the cutoff.
func Sort(xs []int) {
	if len(xs) < 2 {
		return
	}
	if len(scratch) < len(xs) {
		scratch = make([]int, len(xs))
	}
	sortInto(xs, scratch[:len(xs)])
}

func sortInto(xs, buf []int) {
	if len(xs) <= cutoff {
		sequential(xs, buf)
		return
	}
	mid := len(xs) / 2
	var wg sync.WaitGroup
	wg.Go(func() { sortInto(xs[:mid], buf[:mid]) })
	sortInto(xs[mid:], buf[mid:])
	wg.Wait()
	merge(xs, buf, mid)
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
