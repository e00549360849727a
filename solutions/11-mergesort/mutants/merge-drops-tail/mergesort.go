// Mutant: the merge copies what is left of the left half but forgets what is left of the right half, so stale scratch values replace the largest elements. Caught by: correctness.
package mergesort

import "sync"

const cutoff = 4096

// Sort sorts xs in place, forking the halves above the cutoff.
func Sort(xs []int) {
	if len(xs) < 2 {
		return
	}
	sortInto(xs, make([]int, len(xs)))
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

// merge merges xs[:mid] and xs[mid:] into buf and copies the result back, but
// only the left half's leftovers follow the loop.
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
	copy(buf[k:], xs[i:mid])
	copy(xs, buf)
}
