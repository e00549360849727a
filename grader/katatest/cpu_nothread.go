//go:build !linux

package katatest

import "time"

// threadCPU is not available on this system.
func threadCPU() (time.Duration, bool) { return 0, false }

// processWait is not available on this system.
func processWait() (wait time.Duration, slices int64, ok bool) { return 0, 0, false }
