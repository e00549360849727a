// Mutant: the workers take rows from a plain shared counter without synchronisation. Caught by: race.
package matmul

import (
	"fmt"
	"sync"
)

// Mul hands out rows with a plain counter that every worker reads and
// increments: two workers can take the same row (and add it in twice) or
// skip one, and -race reports the unsynchronised counter.
func Mul(a, b [][]float64, workers int) ([][]float64, error) {
	n, m, err := shape("a", a)
	if err != nil {
		return nil, err
	}
	mb, p, err := shape("b", b)
	if err != nil {
		return nil, err
	}
	if m != mb {
		return nil, fmt.Errorf("matmul: cannot multiply a %dx%d matrix by a %dx%d matrix: %d columns against %d rows",
			n, m, mb, p, m, mb)
	}

	bt := transpose(b, p)

	// One block of memory for the result, cut into rows that do not overlap.
	cells := make([]float64, n*p)
	c := make([][]float64, n)
	for i := range c {
		c[i] = cells[i*p : (i+1)*p : (i+1)*p]
	}

	next := 0 // shared by every worker, unguarded
	var wg sync.WaitGroup
	for range min(max(workers, 1), max(n, 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := next
				next++
				if i >= n {
					return
				}
				mulRow(c[i], a[i], bt)
			}
		}()
	}
	wg.Wait()
	return c, nil
}

// mulRow sets ci to the row ai times b, given b transposed: cell j is the dot
// product of ai and column j of b, which is row j of bt. Both walks are
// contiguous, and the sum is one chain of additions.
func mulRow(ci, ai, bt []float64) {
	m := len(ai)
	for j := range ci {
		col := bt[j*m : (j+1)*m : (j+1)*m]
		var sum float64
		for k, aik := range ai {
			sum += aik * col[k]
		}
		ci[j] = sum
	}
}

// transpose returns b's p columns as the rows of one block: column j of b is
// bt[j*m : (j+1)*m], where m is the number of rows of b.
func transpose(b [][]float64, p int) []float64 {
	m := len(b)
	bt := make([]float64, p*m)
	for k, row := range b {
		for j, v := range row {
			bt[j*m+k] = v
		}
	}
	return bt
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
