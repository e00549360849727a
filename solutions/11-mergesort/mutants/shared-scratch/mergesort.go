// Mutant: every part merges into the start of the one scratch buffer, buf[:len(part)], instead of its own window, so forked halves write the same scratch cells at once. Caught by: race.
package mergesort

import "sync"

const cutoff = 4096

// Sort sorts xs in place, forking the halves above the cutoff. The scratch
// buffer is passed whole to both halves.
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
	wg.Go(func() { sortInto(xs[:mid], buf) })
	sortInto(xs[mid:], buf)
	wg.Wait()
	merge(xs, buf, mid)
}

func sequential(xs, buf []int) {
	if len(xs) < 2 {
		return
	}
	mid := len(xs) / 2
	sequential(xs[:mid], buf)
	sequential(xs[mid:], buf)
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
