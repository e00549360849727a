// Hostile: link to an unexported method of package testing with //go:linkname to mark tests done. Kata: 08-primes. Expect: refused.
package primes

import (
	"testing"
	_ "unsafe"
)

//go:linkname failed testing.(*common).Failed
func failed(t *testing.common) bool

func CountPrimes(limit, workers int) int { panic("TODO") }
