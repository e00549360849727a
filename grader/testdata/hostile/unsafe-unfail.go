// Hostile: reach the running *testing.T through unsafe and clear its failed flag in a cleanup. Kata: 08-primes. Expect: refused.
package primes

import (
	"reflect"
	"testing"
	"unsafe"
)

// unfail clears t's failed flag; the suite passes t to no stub function, so a
// real attack finds it from runtime.Stack output first.
func unfail(t *testing.T) {
	v := reflect.ValueOf(t).Elem().FieldByName("common").FieldByName("failed")
	*(*bool)(unsafe.Pointer(v.UnsafeAddr())) = false
}

var _ = unfail

func CountPrimes(limit, workers int) int { panic("TODO") }
