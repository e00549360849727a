package mergesort

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite splits the promises of Sort:
//   - correctness: every input comes back sorted with exactly its own elements,
//     for edge cases, for every shape of input, and for lengths on both sides of
//     any cutoff a solution may plausibly choose (powers of two and round
//     numbers up to 65536);
//   - race: the whole suite runs under -race, and the large inputs fork many
//     times, so two goroutines that touch the same memory are reported;
//   - speedup: Sort on P CPUs against the faster of Sort on one CPU and
//     suiteMergeSort, a plain sequential merge sort.

// suiteMergeSort is the plain sequential version the speedup counts from: a
// top-down merge sort on one goroutine with one scratch buffer.
func suiteMergeSort(xs []int) {
	suiteSortWith(xs, make([]int, len(xs)))
}

func suiteSortWith(xs, buf []int) {
	if len(xs) < 2 {
		return
	}
	mid := len(xs) / 2
	suiteSortWith(xs[:mid], buf[:mid])
	suiteSortWith(xs[mid:], buf[mid:])
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

// suiteShape builds an input of length n.
type suiteShape struct {
	name string
	make func(r *rand.Rand, n int) []int
}

var suiteShapes = []suiteShape{
	{"random", func(r *rand.Rand, n int) []int {
		xs := make([]int, n)
		for i := range xs {
			xs[i] = int(r.Uint64())
		}
		return xs
	}},
	{"already sorted", func(_ *rand.Rand, n int) []int {
		xs := make([]int, n)
		for i := range xs {
			xs[i] = i - n/2
		}
		return xs
	}},
	{"reversed", func(_ *rand.Rand, n int) []int {
		xs := make([]int, n)
		for i := range xs {
			xs[i] = n/2 - i
		}
		return xs
	}},
	{"many duplicates", func(r *rand.Rand, n int) []int {
		xs := make([]int, n)
		for i := range xs {
			xs[i] = r.IntN(5) - 2
		}
		return xs
	}},
	{"sorted halves", func(r *rand.Rand, n int) []int { // the last merge does all the work
		xs := make([]int, n)
		for i := range xs {
			xs[i] = 2*(i%(n/2+1)) + i/(n/2+1)
		}
		return xs
	}},
}

// suiteFailedBefore is set once a check of this run has failed. One racy Sort of
// a few thousand ints can print thousands of race reports (every recursion path
// is a new stack), so after the first failure the suite sorts nothing more: the
// output stays readable and the run ends quickly.
var suiteFailedBefore atomic.Bool

// suiteRun runs check as a subtest, unless an earlier check of this run failed.
func suiteRun(t *testing.T, name string, check func(t *testing.T)) {
	t.Helper()
	if suiteFailedBefore.Load() {
		t.Fatalf("not run: an earlier check of this run failed (see above); fix that one first")
	}
	if !t.Run(name, check) {
		suiteFailedBefore.Store(true)
		t.FailNow()
	}
}

// suiteCheckSorts sorts a copy of xs and compares it with the expected result.
func suiteCheckSorts(t *testing.T, xs []int) {
	t.Helper()
	want := slices.Clone(xs)
	slices.Sort(want)
	got := slices.Clone(xs)
	Sort(got)
	if slices.Equal(got, want) {
		return
	}
	if len(xs) <= 20 {
		t.Fatalf("Sort(%v) (-want +got):\n%s", xs, cmp.Diff(want, got))
	}
	t.Fatalf("Sort of %d elements: wrong result; %s", len(xs), suiteFirstDifference(want, got))
}

// suiteFirstDifference describes where got first departs from want, and
// whether the elements themselves were lost or duplicated.
func suiteFirstDifference(want, got []int) string {
	i := 0
	for i < len(want) && want[i] == got[i] {
		i++
	}
	lo, hi := max(i-3, 0), min(i+4, len(want))
	msg := fmt.Sprintf("first difference at index %d; around it (-want +got):\n%s", i, cmp.Diff(want[lo:hi], got[lo:hi]))
	sortedGot := slices.Clone(got)
	slices.Sort(sortedGot)
	if !slices.Equal(sortedGot, want) {
		msg += "\nand the result does not hold the same elements as the input: some were lost or copied twice"
	}
	return msg
}

func TestCorrectSortsSmallAndEdgeCaseInputs(t *testing.T) {
	cases := []struct {
		name string
		xs   []int
	}{
		{"one element stays as it is", []int{7}},
		{"two elements in order stay in order", []int{1, 2}},
		{"two elements out of order are swapped", []int{2, 1}},
		{"three elements", []int{3, 1, 2}},
		{"equal elements", []int{4, 4, 4, 4}},
		{"negative numbers come before positive ones", []int{3, -1, 0, -7, 2, -1}},
		{"the smallest and largest ints", []int{math.MaxInt, 0, math.MinInt, -1, math.MaxInt, math.MinInt}},
		{"already sorted", []int{-3, -2, -1, 0, 1, 2, 3, 4, 5, 6}},
		{"reversed", []int{9, 8, 7, 6, 5, 4, 3, 2, 1, 0, -1}},
		{"duplicates among others", []int{5, 1, 5, 3, 1, 5, 2, 3, 1}},
	}
	for _, tc := range cases {
		suiteRun(t, tc.name, func(t *testing.T) { suiteCheckSorts(t, tc.xs) })
	}
}

func TestCorrectLeavesEmptyAndNilSlicesAlone(t *testing.T) {
	var none []int
	Sort(none)
	assert.Nil(t, none)
	empty := []int{}
	Sort(empty)
	assert.NotNil(t, empty)
	assert.Empty(t, empty)
}

func TestCorrectSortsEveryShapeAtLengthsAroundAnyCutoff(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 11))
	lengths := []int{2, 3, 4, 5, 16, 17, 100, 1000, 1023, 1024, 1025, 2047, 2048, 2049,
		4095, 4096, 4097, 8191, 8192, 8193, 10000, 10001}
	for _, n := range lengths {
		for _, shape := range suiteShapes {
			suiteRun(t, fmt.Sprintf("%s, %d elements", shape.name, n), func(t *testing.T) {
				suiteCheckSorts(t, shape.make(r, n))
			})
		}
	}
}

func TestCorrectSortsLargeInputsThatForkManyTimes(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 12))
	for _, n := range []int{16385, 32769} {
		suiteRun(t, fmt.Sprintf("random, %d elements", n), func(t *testing.T) {
			suiteCheckSorts(t, suiteShapes[0].make(r, n))
		})
	}
}

func TestCorrectSortsSeveralSlicesAtTheSameTime(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 13))
	inputs := make([][]int, 3)
	wants := make([][]int, len(inputs))
	for i := range inputs {
		inputs[i] = suiteShapes[0].make(r, 200+i)
		wants[i] = slices.Sorted(slices.Values(inputs[i]))
	}
	suiteRun(t, "each call sorts its own slice", func(t *testing.T) {
		var wg sync.WaitGroup
		for _, xs := range inputs {
			wg.Go(func() { Sort(xs) })
		}
		wg.Wait()
		for i := range inputs {
			require.True(t, slices.Equal(wants[i], inputs[i]), "Sort of slice %d, sorted at the same time as %d others: %s",
				i, len(inputs)-1, suiteFirstDifference(wants[i], inputs[i]))
		}
	})
}

func TestSpeedupSortingUsesEveryCPU(t *testing.T) {
	const n = 1 << 20
	var input, want, got, scratch []int
	katatest.Speedup(t, "11-mergesort", katatest.Work{
		Setup: func() { // not under -race, where Speedup skips at once
			input = suiteShapes[0].make(rand.New(rand.NewPCG(11, 14)), n)
			want = slices.Clone(input)
			slices.Sort(want)
			got, scratch = make([]int, n), make([]int, n)
		},
		Run: func() {
			copy(got, input)
			Sort(got)
			if !slices.Equal(got, want) {
				t.Fatalf("Sort of %d random ints during the measurement: %s", n, suiteFirstDifference(want, got))
			}
		},
		Sequential: func() { // the same copy and the same check as Run
			copy(scratch, input)
			suiteMergeSort(scratch)
			if !slices.Equal(scratch, want) {
				t.Fatalf("the suite's own merge sort is wrong: %s", suiteFirstDifference(want, scratch))
			}
		},
	})
}
