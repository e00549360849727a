// Package mergesort is the reference solution of kata 11.
package mergesort

import (
	"slices"
	"sync"
)

// cutoff is the length below which a part is sorted, or two runs are merged, on
// the goroutine that has them. Starting and joining a goroutine costs about a
// microsecond; sorting 4096 ints costs a few hundred, so a fork below this size
// would cost more than it saves.
const cutoff = 4096

// Sort sorts xs in ascending order, in place. Above the cutoff it sorts the
// left half on a new goroutine and the right half on its own, waits for the
// left half, then merges the two. One scratch buffer, as long as xs, serves
// every merge: each part uses only its own window of it.
func Sort(xs []int) {
	if len(xs) < 2 {
		return
	}
	sortInto(xs, make([]int, len(xs)), false)
}

// sortInto sorts xs, using buf (as long as xs) as scratch space. The result
// ends up in xs, or in buf when toBuf is set: the halves are sorted into the
// other slice, so the merge writes straight to where the result belongs and
// no level copies its merged run back.
func sortInto(xs, buf []int, toBuf bool) {
	if len(xs) <= cutoff {
		sequential(xs, buf)
		if toBuf {
			copy(buf, xs)
		}
		return
	}
	mid := len(xs) / 2
	var wg sync.WaitGroup
	wg.Go(func() { sortInto(xs[:mid], buf[:mid], !toBuf) })
	sortInto(xs[mid:], buf[mid:], !toBuf)
	wg.Wait()
	if toBuf {
		mergeInto(buf, xs[:mid], xs[mid:])
	} else {
		mergeInto(xs, buf[:mid], buf[mid:])
	}
}

// insertionMax is the length up to which sequential sorts by insertion, as
// library sorts do: on a few dozen ints that fit in one cache line or two it
// beats the calls and copies of merging, and the whole sort gets 10 to 15%
// faster.
const insertionMax = 24

// sequential is a top-down merge sort that sorts short parts by insertion.
func sequential(xs, buf []int) {
	if len(xs) <= insertionMax {
		for i := 1; i < len(xs); i++ {
			for j := i; j > 0 && xs[j] < xs[j-1]; j-- {
				xs[j], xs[j-1] = xs[j-1], xs[j]
			}
		}
		return
	}
	mid := len(xs) / 2
	sequential(xs[:mid], buf[:mid])
	sequential(xs[mid:], buf[mid:])
	merge(buf, xs[:mid], xs[mid:])
	copy(xs, buf)
}

// mergeInto merges the sorted runs a and b into out, like merge. A long merge
// is cut in two merges that do not touch each other's elements, run at the same
// time: the middle element of the longer run, and its place in the other run,
// split both runs, and everything before the cut sorts before everything after.
// Without this the last merge, a pass over all of xs, would run on one core.
func mergeInto(out, a, b []int) {
	if len(out) <= cutoff {
		merge(out, a, b)
		return
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	i := len(a) / 2
	j, _ := slices.BinarySearch(b, a[i])
	var wg sync.WaitGroup
	wg.Go(func() { mergeInto(out[:i+j], a[:i], b[:j]) })
	mergeInto(out[i+j:], a[i:], b[j:])
	wg.Wait()
}

// merge merges the sorted runs a and b into out, which is len(a)+len(b) long.
func merge(out, a, b []int) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if b[j] < a[i] {
			out[k] = b[j]
			j++
		} else {
			out[k] = a[i]
			i++
		}
		k++
	}
	k += copy(out[k:], a[i:])
	copy(out[k:], b[j:])
}
