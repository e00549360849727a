//go:build linux

package katatest

import (
	"os"
	"strconv"
	"strings"
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

// processWait returns how long the threads of this process have so far
// waited on a run queue: ready to run, kept from a CPU by other work
// (the run delay of /proc/self/task/*/schedstat).
func processWait() (time.Duration, bool) {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0, false
	}
	var total time.Duration
	read := 0
	for _, t := range tasks {
		b, err := os.ReadFile("/proc/self/task/" + t.Name() + "/schedstat")
		if err != nil {
			continue // the thread has exited, or the kernel keeps no schedstat
		}
		f := strings.Fields(string(b))
		if len(f) < 2 {
			return 0, false
		}
		ns, err := strconv.ParseInt(f[1], 10, 64)
		if err != nil {
			return 0, false
		}
		total += time.Duration(ns)
		read++
	}
	return total, read > 0
}
