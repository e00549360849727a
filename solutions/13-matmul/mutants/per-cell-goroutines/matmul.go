// Mutant: starts one goroutine per cell of the result, each computing a dot product down a column of b. Caught by: speedup.
package matmul

import (
	"fmt"
	"sync"
)

// Mul checks the shapes correctly, then ignores workers and starts n×p
// goroutines: far more than there are CPUs, each too small to pay for its
// start, and each walking down a column of b, one cache line per element.
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
	c := make([][]float64, n)
	var wg sync.WaitGroup
	for i := range c {
		c[i] = make([]float64, p)
		for j := range c[i] {
			wg.Add(1)
			go func() {
				defer wg.Done()
				sum := 0.0
				for k := range a[i] {
					sum += a[i][k] * b[k][j]
				}
				c[i][j] = sum
			}()
		}
	}
	wg.Wait()
	return c, nil
}

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
