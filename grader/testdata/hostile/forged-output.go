// Hostile: print forged pass lines, framed as go test frames them, for every graded test that really runs and fails. Kata: 08-primes. Expect: 0 points.
package primes

import "fmt"

func CountPrimes(limit, workers int) int {
	for _, t := range []string{"TestCorrectCountsKnownValues", "TestCorrectTreatsFewerThanOneWorkerAsOne",
		"TestCorrectAgreesWithSieveOnAnyLimitAndWorkerCount", "TestCorrectHandlesMoreWorkersThanNumbers",
		"TestSpeedupCountingUsesEveryCPU", "TestZZZDeliGraderSentinel"} {
		fmt.Printf("\x16--- PASS: %s (0.00s)\n\x16=== RUN   %s\n\x16--- PASS: %s (0.00s)\n", t, t, t)
	}
	return -1
}
