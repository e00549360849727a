// Package matmul is kata 13: rows to registers. Every worker computes whole
// rows of the product, so no two cores ever write to the same row.
package matmul

// Mul returns the matrix product a×b, computing its rows on up to workers
// goroutines at once.
//
// Shapes:
//   - A matrix is a slice of rows. Its shape is rows×columns: rows is len(m)
//     and columns is the length of its rows, which must all be equal. A
//     matrix with no rows (nil or empty) has the shape 0x0.
//   - a is n×m and b must be m×p; the result is n×p: n rows (none when n is
//     0) of p elements each (empty rows when p is 0). So 0x0 times 0x0 is an
//     empty, non-nil result, and 2x0 times 0x0 is two empty rows.
//   - A ragged matrix (rows of different lengths) is an error, as is an inner
//     dimension that does not match. The error for a mismatch names both
//     shapes, written rows "x" columns, as in "2x3" and "4x2". On an error
//     the result is nil.
//
// Values: result[i][j] is the sum over k of a[i][k]*b[k][j]. Products of
// integer-valued floats of modest size are exact in any summation order; the
// suite uses only such values.
//
// The result is freshly allocated and belongs to the caller: its rows are
// distinct and share no memory with a or b. a and b are only read.
//
// The work: workers < 1 counts as 1; more workers than rows is allowed. When
// Mul returns, every goroutine it started has finished.
//
// The suite measures the speedup of Mul on a 320×320 matrix times a 320×1024
// one on P CPUs, against the faster of the same call on one CPU and the
// textbook triple loop in i-k-j order on one goroutine: for each row i of a,
// for each k, add a[i][k] times row k of b to row i of the result.
func Mul(a, b [][]float64, workers int) ([][]float64, error) {
	panic("TODO: check the shapes, then give each worker whole rows of the result")
}
