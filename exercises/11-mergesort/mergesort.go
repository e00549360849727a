// Package mergesort is kata 11: fork and join. Merge sort splits its work in
// two halves that do not touch each other, so the halves can be sorted on
// different cores and joined by one merge.
package mergesort

// Sort sorts xs in ascending order, in place, and returns once xs is sorted and
// every goroutine it started has finished.
//
// Parts of xs longer than a cutoff of your choice are split in two halves that
// are sorted at the same time, on different goroutines, and then merged; shorter
// parts are sorted on the goroutine that has them. A nil or empty slice, or a
// slice of one element, is left as it is. Any int values are allowed, negative
// ones and repeats included.
//
// The suite measures the speedup of Sort on P CPUs against the faster of Sort on
// one CPU and a plain sequential top-down merge sort that uses one scratch
// buffer.
func Sort(xs []int) {
	panic("TODO: sort xs in place, forking the two halves above a cutoff")
}
