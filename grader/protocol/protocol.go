// Package protocol is what the kata harness (package katatest) and the grader
// say to each other: the environment variables the grader sets for a test
// binary, and the lines the harness writes into a test's log for the grader
// to read back. Each message is written and read here, in one place, and the
// package imports no testing package, so the grader does not link the harness.
package protocol

import (
	"fmt"
	"regexp"
	"strconv"
	"time"
)

// TraceEnv names the environment variable that asks a kata's workload for an
// execution trace (`grader trace`). Its value is the path of the file the
// harness writes the runtime/trace output to. The workload is the suite's
// speedup work for the parallel katas (katatest.Speedup) and its real-time
// scenario for the others (katatest.Traced).
const TraceEnv = "DELI_TRACE"

// TraceFigures returns the path of the file, beside the trace, that the
// harness writes its [Trace] line (and, when the machine could not show
// parallelism, a [NotMeasurable] line) to. The grader reads the figures from
// this file, not from the test's output, which the code under test can print
// to as well.
func TraceFigures(trace string) string { return trace + ".figures" }

// TraceRegion is the runtime/trace region that encloses the traced workload:
// what lies outside it (the test framework starting up, the harness's own
// timing runs) is not part of the picture.
const TraceRegion = "deli.workload"

// Trace is what the harness measured around a traced workload, logged as one
// line:
//
//	trace cpus=2 untraced=41.2ms traced=44.9ms one-cpu=80.1ms sequential=78.5ms machine=1.97x
//
// OneCPU, Sequential and Machine are set for speedup workloads only, and
// omitted from the line when zero.
type Trace struct {
	CPUs       int           // GOMAXPROCS while traced
	Untraced   time.Duration // wall time of the workload without tracing (the median of a few runs)
	Traced     time.Duration // wall time of the traced run
	OneCPU     time.Duration // the same work at GOMAXPROCS=1 (median)
	Sequential time.Duration // the suite's trusted sequential version on one CPU (median)
	Machine    float64       // the calibration kernel's speedup on CPUs in the same rounds
}

// String formats t as its log line.
func (t Trace) String() string {
	s := fmt.Sprintf("trace cpus=%d untraced=%v traced=%v", t.CPUs, t.Untraced, t.Traced)
	if t.OneCPU > 0 {
		s += fmt.Sprintf(" one-cpu=%v sequential=%v machine=%.2fx", t.OneCPU, t.Sequential, t.Machine)
	}
	return s
}

// Speedup is the speedup the untraced work showed, counted from the faster of
// the work on one CPU and the sequential version; 0 for a workload that is not
// a speedup workload.
func (t Trace) Speedup() float64 {
	if t.OneCPU <= 0 || t.Untraced <= 0 {
		return 0
	}
	base := t.OneCPU
	if t.Sequential > 0 {
		base = min(base, t.Sequential)
	}
	return float64(base) / float64(t.Untraced)
}

// Overhead is how much longer the traced run took than the untraced ones, as
// a fraction (0.08 for 8%).
func (t Trace) Overhead() float64 {
	if t.Untraced <= 0 {
		return 0
	}
	return float64(t.Traced)/float64(t.Untraced) - 1
}

var traceLine = regexp.MustCompile(`trace cpus=(\d+) untraced=(\S+) traced=(\S+)(?: one-cpu=(\S+) sequential=(\S+) machine=([0-9.]+)x)?`)

// ParseTrace finds the trace line in a test's output. ok is false when there
// is none; an error means a line was there but could not be read.
func ParseTrace(output string) (t Trace, ok bool, err error) {
	m := traceLine.FindStringSubmatch(output)
	if m == nil {
		return Trace{}, false, nil
	}
	bad := func(e error) (Trace, bool, error) {
		return Trace{}, true, fmt.Errorf("protocol: unreadable trace line %q: %v", m[0], e)
	}
	if t.CPUs, err = strconv.Atoi(m[1]); err != nil {
		return bad(err)
	}
	durations := []*time.Duration{&t.Untraced, &t.Traced, &t.OneCPU, &t.Sequential}
	for i, d := range durations {
		if m[i+2] == "" {
			continue
		}
		if *d, err = time.ParseDuration(m[i+2]); err != nil {
			return bad(err)
		}
	}
	if m[6] != "" {
		if t.Machine, err = strconv.ParseFloat(m[6], 64); err != nil {
			return bad(err)
		}
	}
	return t, true, nil
}
