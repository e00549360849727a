// Mutant: forks the halves above a cutoff but holds one mutex around every merge "to protect the scratch buffer", so only one goroutine merges at a time. Caught by: speedup.
package mergesort

import "sync"

const cutoff = 4096

// Sort sorts xs in place. Every merge, in every goroutine, takes mu first.
func Sort(xs []int) {
	if len(xs) < 2 {
		return
	}
	var mu sync.Mutex
	sortInto(xs, make([]int, len(xs)), &mu)
}

func sortInto(xs, buf []int, mu *sync.Mutex) {
	if len(xs) <= cutoff {
		sequential(xs, buf, mu)
		return
	}
	mid := len(xs) / 2
	var wg sync.WaitGroup
	wg.Go(func() { sortInto(xs[:mid], buf[:mid], mu) })
	sortInto(xs[mid:], buf[mid:], mu)
	wg.Wait()
	mu.Lock()
	merge(xs, buf, mid)
	mu.Unlock()
}

func sequential(xs, buf []int, mu *sync.Mutex) {
	if len(xs) < 2 {
		return
	}
	mid := len(xs) / 2
	sequential(xs[:mid], buf[:mid], mu)
	sequential(xs[mid:], buf[mid:], mu)
	mu.Lock()
	merge(xs, buf, mid)
	mu.Unlock()
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
