package matmul

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// How the suite checks Mul:
//   - correctness: known products, empty shapes, every kind of shape error,
//     any number of workers, random shapes against the suite's own product,
//     inputs left alone and result rows that do not overlap;
//   - race: every test but the speedup one calls Mul with several workers,
//     so workers that share a row cursor or write overlapping rows are seen
//     by -race;
//   - speedup: TestSpeedup… times Mul on square matrices.
// Every value is a small integer, so every product is exact.

// suiteDotMul is the suite's oracle: each cell is the dot product of a row of
// a and a column of b.
func suiteDotMul(a, b [][]float64) [][]float64 {
	c := make([][]float64, len(a))
	for i := range a {
		c[i] = make([]float64, 0)
		if len(b) > 0 {
			c[i] = make([]float64, len(b[0]))
		}
		for j := range c[i] {
			for k := range a[i] {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

// suiteSequentialMul is the plain one-goroutine version the speedup counts
// from: the textbook triple loop in i-k-j order, c[i][j] += a[i][k] * b[k][j].
//
// It is deliberately the plainest form of the loop. How fast a tight loop runs
// on one core can change by half with where the linker happens to place its
// code, so a more polished sequential version could beat your (equally
// polished) code by luck alone, and the speedup would count from it.
func suiteSequentialMul(a, b [][]float64) [][]float64 {
	c := make([][]float64, len(a))
	for i := range a {
		c[i] = make([]float64, len(b[0]))
		for k := range b {
			for j := range b[k] {
				c[i][j] += a[i][k] * b[k][j]
			}
		}
	}
	return c
}

// suiteMatrix makes a rows×cols matrix of integers from -9 to 9.
func suiteMatrix(r *rand.Rand, rows, cols int) [][]float64 {
	x := make([][]float64, rows)
	for i := range x {
		x[i] = make([]float64, cols)
		for j := range x[i] {
			x[i][j] = float64(r.IntN(19) - 9)
		}
	}
	return x
}

func suiteClone(x [][]float64) [][]float64 {
	if x == nil {
		return nil
	}
	c := make([][]float64, len(x))
	for i := range x {
		c[i] = append([]float64{}, x[i]...)
	}
	return c
}

func suiteShape(x [][]float64) string {
	if len(x) == 0 {
		return "0x0"
	}
	return fmt.Sprintf("%dx%d", len(x), len(x[0]))
}

func suiteCheck(t *testing.T, want [][]float64, got [][]float64, err error, call string) {
	t.Helper()
	require.NoError(t, err, call)
	require.NotNil(t, got, "%s returned a nil result", call)
	if suiteEqual(want, got) {
		return
	}
	if len(want) <= 8 {
		t.Fatalf("%s: wrong product (-want +got):\n%s", call, cmp.Diff(want, got))
	}
	// A diff of large matrices is long and slow to compute: show the first wrong cell.
	if len(got) != len(want) {
		t.Fatalf("%s: the product has %d rows, want %d", call, len(got), len(want))
	}
	for i := range want {
		if diff := cmp.Diff(want[i], got[i]); diff != "" {
			t.Fatalf("%s: row %d of the product is wrong (-want +got):\n%s", call, i, diff)
		}
	}
}

func TestCorrectMultipliesKnownMatrices(t *testing.T) {
	cases := []struct {
		name    string
		a, b    [][]float64
		product [][]float64
	}{
		{"2x3 times 3x2 is 2x2",
			[][]float64{{1, 2, 3}, {4, 5, 6}}, [][]float64{{7, 8}, {9, 10}, {11, 12}},
			[][]float64{{58, 64}, {139, 154}}},
		{"the identity leaves a matrix unchanged",
			[][]float64{{1, 0, 0}, {0, 1, 0}, {0, 0, 1}}, [][]float64{{2, -3, 5}, {7, 0, -1}, {4, 4, 9}},
			[][]float64{{2, -3, 5}, {7, 0, -1}, {4, 4, 9}}},
		{"1x1 times 1x1",
			[][]float64{{3}}, [][]float64{{-4}},
			[][]float64{{-12}}},
		{"a row times a column is 1x1",
			[][]float64{{1, 2, 3}}, [][]float64{{4}, {5}, {6}},
			[][]float64{{32}}},
		{"a column times a row is their outer product",
			[][]float64{{1}, {2}, {3}}, [][]float64{{4, 5}},
			[][]float64{{4, 5}, {8, 10}, {12, 15}}},
		{"a zero matrix gives zeros",
			[][]float64{{0, 0}, {0, 0}, {0, 0}}, [][]float64{{1, 2, 3, 4}, {5, 6, 7, 8}},
			[][]float64{{0, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}},
		{"negative values and a wide result",
			[][]float64{{-1, 2}, {3, -4}, {0, 5}, {6, 0}}, [][]float64{{1, -1, 2, 0, 3}, {-2, 2, 0, 1, -3}},
			[][]float64{{-5, 5, -2, 2, -9}, {11, -11, 6, -4, 21}, {-10, 10, 0, 5, -15}, {6, -6, 12, 0, 18}}},
	}
	for _, tc := range cases {
		for _, workers := range []int{1, 2, 3, 8} {
			t.Run(fmt.Sprintf("%s with %d workers", tc.name, workers), func(t *testing.T) {
				got, err := Mul(tc.a, tc.b, workers)
				suiteCheck(t, tc.product, got, err, fmt.Sprintf("Mul(%v, %v, %d)", tc.a, tc.b, workers))
			})
		}
	}
}

func TestCorrectMultipliesEmptyShapes(t *testing.T) {
	cases := []struct {
		name    string
		a, b    [][]float64
		product [][]float64
	}{
		{"nil times nil is empty", nil, nil, [][]float64{}},
		{"0x0 times 0x0 is empty", [][]float64{}, [][]float64{}, [][]float64{}},
		{"2x0 times 0x0 is two empty rows", [][]float64{{}, {}}, nil, [][]float64{{}, {}}},
		{"3x2 times 2x0 is three empty rows", [][]float64{{1, 2}, {3, 4}, {5, 6}}, [][]float64{{}, {}},
			[][]float64{{}, {}, {}}},
	}
	for _, tc := range cases {
		for _, workers := range []int{1, 4} {
			t.Run(fmt.Sprintf("%s with %d workers", tc.name, workers), func(t *testing.T) {
				got, err := Mul(tc.a, tc.b, workers)
				call := fmt.Sprintf("Mul(%v, %v, %d)", tc.a, tc.b, workers)
				require.NoError(t, err, call)
				require.NotNil(t, got, "%s returned nil, want an empty non-nil result", call)
				require.Len(t, got, len(tc.product), call)
				for i := range got {
					assert.Empty(t, got[i], "%s: row %d", call, i)
				}
			})
		}
	}
}

func TestCorrectRejectsAnInnerDimensionThatDoesNotMatch(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 1))
	cases := []struct {
		name string
		a, b [][]float64
	}{
		{"2x3 times 2x2", suiteMatrix(r, 2, 3), suiteMatrix(r, 2, 2)},
		{"2x3 times 2x3, although both have two rows", suiteMatrix(r, 2, 3), suiteMatrix(r, 2, 3)},
		{"3x2 times 3x2", suiteMatrix(r, 3, 2), suiteMatrix(r, 3, 2)},
		{"4x4 times 5x4", suiteMatrix(r, 4, 4), suiteMatrix(r, 5, 4)},
		{"0x0 times 3x2", nil, suiteMatrix(r, 3, 2)},
		{"2x0 times 3x1", [][]float64{{}, {}}, suiteMatrix(r, 3, 1)},
		{"2x3 times 0x0", suiteMatrix(r, 2, 3), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is an error naming both shapes", func(t *testing.T) {
			got, err := Mul(tc.a, tc.b, 2)
			require.Error(t, err, "Mul of %s by %s", suiteShape(tc.a), suiteShape(tc.b))
			assert.Nil(t, got, "the result on an error")
			assert.Contains(t, err.Error(), suiteShape(tc.a))
			assert.Contains(t, err.Error(), suiteShape(tc.b))
		})
	}
}

func TestCorrectRejectsRaggedMatrices(t *testing.T) {
	cases := []struct {
		name string
		a, b [][]float64
	}{
		{"a row of a is short", [][]float64{{1, 2}, {3}}, [][]float64{{1}, {2}}},
		{"a row of a is long", [][]float64{{1, 2}, {3, 4, 5}}, [][]float64{{1}, {2}}},
		{"the first row of a is empty, the next is not", [][]float64{{}, {1}}, [][]float64{{1}}},
		{"a row of b is short", [][]float64{{1, 2}}, [][]float64{{1, 2, 3}, {4, 5}}},
		{"a row of b is long", [][]float64{{1, 2}}, [][]float64{{1, 2}, {3, 4, 5}}},
		{"a row of b is empty", [][]float64{{1, 2}}, [][]float64{{1, 2}, {}}},
	}
	for _, tc := range cases {
		t.Run("when "+tc.name+" it is an error", func(t *testing.T) {
			got, err := Mul(tc.a, tc.b, 2)
			require.Error(t, err, "Mul(%v, %v, 2)", tc.a, tc.b)
			assert.Nil(t, got, "the result on an error")
		})
	}
}

func TestCorrectTreatsFewerThanOneWorkerAsOne(t *testing.T) {
	a := [][]float64{{1, 2, 3}, {4, 5, 6}}
	b := [][]float64{{7, 8}, {9, 10}, {11, 12}}
	for _, workers := range []int{0, -1, -8} {
		t.Run(fmt.Sprintf("%d workers count as one", workers), func(t *testing.T) {
			got, err := Mul(a, b, workers)
			suiteCheck(t, [][]float64{{58, 64}, {139, 154}}, got, err, fmt.Sprintf("Mul(a, b, %d)", workers))
		})
	}
}

func TestCorrectAllowsMoreWorkersThanRows(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 2))
	for _, tc := range []struct{ n, m, p, workers int }{{3, 4, 2, 64}, {1, 3, 3, 8}, {5, 1, 5, 6}} {
		t.Run(fmt.Sprintf("%d workers for %d rows", tc.workers, tc.n), func(t *testing.T) {
			a, b := suiteMatrix(r, tc.n, tc.m), suiteMatrix(r, tc.m, tc.p)
			got, err := Mul(a, b, tc.workers)
			suiteCheck(t, suiteDotMul(a, b), got, err, fmt.Sprintf("Mul(%dx%d, %dx%d, %d)", tc.n, tc.m, tc.m, tc.p, tc.workers))
		})
	}
}

func TestCorrectAgreesWithTheSuiteOnRandomMatrices(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 3))
	for range 24 {
		n, m, p := 1+r.IntN(40), 1+r.IntN(40), 1+r.IntN(40)
		workers := 1 + r.IntN(9)
		a, b := suiteMatrix(r, n, m), suiteMatrix(r, m, p)
		t.Run(fmt.Sprintf("%dx%d times %dx%d with %d workers", n, m, m, p, workers), func(t *testing.T) {
			got, err := Mul(a, b, workers)
			suiteCheck(t, suiteDotMul(a, b), got, err, fmt.Sprintf("Mul(%dx%d, %dx%d, %d)", n, m, m, p, workers))
		})
	}
}

func TestCorrectLeavesTheInputsAloneAndReturnsRowsOfItsOwn(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 4))
	a, b := suiteMatrix(r, 9, 5), suiteMatrix(r, 5, 7)
	a0, b0 := suiteClone(a), suiteClone(b)
	got, err := Mul(a, b, 3)
	suiteCheck(t, suiteDotMul(a0, b0), got, err, "Mul(9x5, 5x7, 3)")
	require.Empty(t, cmp.Diff(a0, a), "Mul changed a")
	require.Empty(t, cmp.Diff(b0, b), "Mul changed b")

	// The caller owns the result: writing every cell of it changes nothing
	// else, and every cell keeps what was written to it.
	for i := range got {
		for j := range got[i] {
			got[i][j] = float64(1000*i + j)
		}
	}
	for i := range got {
		for j := range got[i] {
			require.Equal(t, float64(1000*i+j), got[i][j], "result[%d][%d] was overwritten through another row: rows overlap", i, j)
		}
	}
	require.Empty(t, cmp.Diff(a0, a), "writing to the result changed a")
	require.Empty(t, cmp.Diff(b0, b), "writing to the result changed b")
}

func TestSpeedupMultiplyingUsesEveryCPU(t *testing.T) {
	// a is n×m and b is m×p. Rows of p = 1024 float64s are 8 KiB, so every row
	// of b and of the result starts at the same offset within a 4 KiB page,
	// wherever the allocator puts it. With other widths the offset between a
	// row of the result and a row of b changes from call to call, and so does
	// the speed of the inner loop (4K aliasing in the CPU): up to 2x between
	// two calls of the same code, which no bar can see through.
	const n, m, p = 320, 320, 1024
	// The input is built in Setup, so that a run under -race, where Speedup
	// skips at once, does not pay for it.
	input := sync.OnceValues(func() ([2][][]float64, [][]float64) {
		r := rand.New(rand.NewPCG(13, 5))
		a, b := suiteMatrix(r, n, m), suiteMatrix(r, m, p)
		return [2][][]float64{a, b}, suiteSequentialMul(a, b)
	})
	workers := runtime.NumCPU()
	katatest.Speedup(t, "13-matmul", katatest.Work{
		Run: func() {
			ab, want := input()
			got, err := Mul(ab[0], ab[1], workers)
			if err != nil || !suiteEqual(got, want) {
				t.Fatalf("Mul(%dx%d, %dx%d, %d) gave a wrong product during the measurement (error %v)",
					n, m, m, p, workers, err)
			}
		},
		Sequential: func() {
			ab, _ := input()
			suiteSequentialMul(ab[0], ab[1])
		},
		Setup: func() { input() },
	})
}

func suiteEqual(x, y [][]float64) bool {
	if len(x) != len(y) {
		return false
	}
	for i := range x {
		if len(x[i]) != len(y[i]) {
			return false
		}
		for j := range x[i] {
			if x[i][j] != y[i][j] {
				return false
			}
		}
	}
	return true
}
