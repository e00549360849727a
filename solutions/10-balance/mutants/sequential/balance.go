// Mutant: ignores workers and runs the loop on the calling goroutine. Caught by: speedup.
package balance

// For is a plain loop: every index once, on one register.
func For(n, workers int, body func(i int)) {
	for i := 0; i < n; i++ {
		body(i)
	}
}
