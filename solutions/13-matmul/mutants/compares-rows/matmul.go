// Mutant: checks that a and b have the same number of rows instead of a's columns against b's rows. Caught by: correctness.
package matmul

import (
	"fmt"
	"sync"
	"sync/atomic"
)

// Mul is right for square matrices, but its shape check compares a's rows
// with b's rows, which says nothing about whether a×b is defined.
func Mul(a, b [][]float64, workers int) ([][]float64, error) {
	n, m, err := shape("a", a)
	if err != nil {
		return nil, err
	}
	mb, p, err := shape("b", b)
	if err != nil {
		return nil, err
	}
	if n != mb {
		return nil, fmt.Errorf("matmul: cannot multiply a %dx%d matrix by a %dx%d matrix: %d columns against %d rows",
			n, m, mb, p, m, mb)
	}

	// One block of memory for the result, cut into rows that do not overlap.
	cells := make([]float64, n*p)
	c := make([][]float64, n)
	for i := range c {
		c[i] = cells[i*p : (i+1)*p : (i+1)*p]
	}

	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(max(workers, 1), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= n {
					return
				}
				mulRow(c[i], a[i], b)
			}
		}()
	}
	wg.Wait()
	return c, nil
}

// mulRow sets ci to the row ai times b: for each k, it adds ai[k] times row k
// of b to ci. Both inner slices are walked in order, a cache line at a time.
func mulRow(ci, ai []float64, b [][]float64) {
	for k, aik := range ai {
		bk := b[k][:len(ci)]
		for j, bkj := range bk {
			ci[j] += aik * bkj
		}
	}
}

// shape returns the rows and columns of x, or an error if its rows differ in
// length. A matrix with no rows is 0x0.
func shape(name string, x [][]float64) (rows, cols int, err error) {
	if len(x) == 0 {
		return 0, 0, nil
	}
	cols = len(x[0])
	for i, row := range x {
		if len(row) != cols {
			return 0, 0, fmt.Errorf("matmul: %s is ragged: row %d has %d elements, row 0 has %d", name, i, len(row), cols)
		}
	}
	return len(x), cols, nil
}
