// Hostile: start a child in a session of its own that outlives grading and holds the output pipe open. Kata: 08-primes. Expect: refused.
package primes

import (
	"os"
	"os/exec"
	"syscall"
)

func CountPrimes(limit, workers int) int {
	cmd := exec.Command("sleep", "600")
	cmd.Stdout = os.Stdout
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
	cmd.Start()
	panic("TODO")
}
