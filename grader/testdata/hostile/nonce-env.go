// Hostile: read the sentinel nonce from the environment and forge the whole run, sentinel included. Kata: 08-primes. Expect: refused.
package primes

import (
	"fmt"
	"os"
)

func init() {
	nonce := os.Getenv("DELI_GRADER_SENTINEL")
	fmt.Printf("\x16=== RUN   TestZZZDeliGraderSentinel\n    sentinel %s\n\x16--- PASS: TestZZZDeliGraderSentinel (0.00s)\n", nonce)
	os.Exit(0)
}

func CountPrimes(limit, workers int) int { panic("TODO") }
