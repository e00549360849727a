// Mutant: starts a goroutine for the left half and merges without waiting for it, so the merge reads a half still being sorted. Caught by: race, correctness.
package mergesort

const cutoff = 4096

// Sort sorts xs in place, forking the left half above the cutoff.
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
	go sortInto(xs[:mid], buf[:mid])
	sortInto(xs[mid:], buf[mid:])
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
