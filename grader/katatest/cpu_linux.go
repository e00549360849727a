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
// waited on a run queue, ready to run but kept from a CPU, and how many
// times they were put on a CPU (the run delay and the timeslices of
// /proc/self/task/*/schedstat).
func processWait() (wait time.Duration, slices int64, ok bool) {
	tasks, err := os.ReadDir("/proc/self/task")
	if err != nil {
		return 0, 0, false
	}
	read := 0
	for _, t := range tasks {
		b, err := os.ReadFile("/proc/self/task/" + t.Name() + "/schedstat")
		if err != nil {
			continue // the thread has exited, or the kernel keeps no schedstat
		}
		f := strings.Fields(string(b))
		if len(f) < 3 {
			return 0, 0, false
		}
		ns, err1 := strconv.ParseInt(f[1], 10, 64)
		n, err2 := strconv.ParseInt(f[2], 10, 64)
		if err1 != nil || err2 != nil {
			return 0, 0, false
		}
		wait += time.Duration(ns)
		slices += n
		read++
	}
	return wait, slices, read > 0
}
