//go:build linux

package katatest

import (
	"syscall"
	"time"
)

// threadCPU returns the CPU time (user and system) the calling OS thread has
// used so far. The caller must be locked to its thread.
func threadCPU() (time.Duration, bool) {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_THREAD, &ru); err != nil {
		return 0, false
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()), true
}
