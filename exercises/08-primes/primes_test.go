package primes

import (
	"fmt"
	"math/rand/v2"
	"runtime"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/katatest"
)

// suiteSieveCount is the suite's own reference: the sieve of Eratosthenes.
func suiteSieveCount(limit int) int {
	if limit <= 2 {
		return 0
	}
	composite := make([]bool, limit)
	count := 0
	for n := 2; n < limit; n++ {
		if composite[n] {
			continue
		}
		count++
		for m := n * n; m < limit; m += n {
			composite[m] = true
		}
	}
	return count
}

// suiteTrialDivisionCount is the plain sequential version the speedup counts from.
func suiteTrialDivisionCount(limit int) int {
	count := 0
	for n := 2; n < limit; n++ {
		if suiteIsPrime(n) {
			count++
		}
	}
	return count
}

func suiteIsPrime(n int) bool {
	if n%2 == 0 {
		return n == 2
	}
	for d := 3; d*d <= n; d += 2 {
		if n%d == 0 {
			return false
		}
	}
	return n > 1
}

func TestCorrectCountsKnownValues(t *testing.T) {
	known := []struct{ limit, want int }{
		{-5, 0}, {0, 0}, {1, 0}, {2, 0}, {3, 1}, {4, 2}, {10, 4}, {11, 4}, {12, 5},
		{100, 25}, {1000, 168}, {7919, 999}, {7920, 1000}, {100_000, 9592},
	}
	for _, tc := range known {
		for _, workers := range []int{1, 2, 3, 8} {
			t.Run(fmt.Sprintf("below %d with %d workers there are %d", tc.limit, tc.want, workers), func(t *testing.T) {
				assert.Equal(t, tc.want, CountPrimes(tc.limit, workers))
			})
		}
	}
}

func TestCorrectTreatsFewerThanOneWorkerAsOne(t *testing.T) {
	for _, workers := range []int{0, -1} {
		assert.Equal(t, 25, CountPrimes(100, workers), "workers = %d", workers)
	}
}

func TestCorrectAgreesWithSieveOnAnyLimitAndWorkerCount(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for range 20 {
		limit := r.IntN(300_000)
		workers := 1 + r.IntN(40)
		require.Equal(t, suiteSieveCount(limit), CountPrimes(limit, workers), "CountPrimes(%d, %d)", limit, workers)
	}
}

func TestCorrectHandlesMoreWorkersThanNumbers(t *testing.T) {
	assert.Equal(t, 4, CountPrimes(10, 64))
	assert.Equal(t, 1, CountPrimes(3, 100))
}

func TestSpeedupCountingUsesEveryCPU(t *testing.T) {
	const limit = 1_500_000
	want := suiteTrialDivisionCount(limit)
	workers := runtime.NumCPU()
	katatest.Speedup(t, "08-primes", katatest.Work{
		Run: func() {
			if got := CountPrimes(limit, workers); got != want {
				t.Fatalf("CountPrimes(%d, %d) = %d during the measurement, want %d", limit, workers, got, want)
			}
		},
		Sequential: func() { suiteTrialDivisionCount(limit) },
	})
}
