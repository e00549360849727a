package katatest

import (
	"context"
	"fmt"
	"os"
	"runtime"
	"runtime/trace"
	"strings"
	"testing"
	"time"

	"github.com/deli-katas/deli/grader/protocol"
)

// traceRounds is how many untraced runs a trace's timings are the median of.
const traceRounds = 3

// traceRequested reports whether the grader asked for an execution trace.
func traceRequested() bool { return os.Getenv(protocol.TraceEnv) != "" }

// Traced runs scenario, a short real-time workload of the kata that the test
// checks as it goes. Normally that is all. When the grader asks for a picture
// of the code (`grader trace`, which sets [protocol.TraceEnv]), Traced also
// times the scenario once, runs it again under runtime/trace inside the
// [protocol.TraceRegion] region, and logs the timings as a [protocol.Trace]
// line: the untraced time and the traced one give tracing's overhead.
//
// The scenario should take tens of milliseconds of real time and show what
// the kata is about: goroutines waiting on each other, tickets called out of
// order. Fake time (a synctest bubble) draws nothing, since no time passes.
// Check the results after Traced returns, not inside scenario, so that the
// picture holds the kata's calls and nothing of the checking.
func Traced(t *testing.T, scenario func()) {
	t.Helper()
	if !traceRequested() {
		scenario()
		return
	}
	start := time.Now()
	scenario()
	untraced := time.Since(start)
	traced := recordTrace(t, scenario)
	reportTrace(t, protocol.Trace{CPUs: runtime.GOMAXPROCS(0), Untraced: untraced, Traced: traced}.String())
}

// reportTrace logs the figures of a trace and writes them to the file the
// grader reads them from (protocol.TraceFigures).
func reportTrace(t *testing.T, lines ...string) {
	t.Helper()
	text := strings.Join(lines, "\n")
	t.Log(text)
	if err := os.WriteFile(protocol.TraceFigures(os.Getenv(protocol.TraceEnv)), []byte(text+"\n"), 0o644); err != nil {
		t.Fatalf("trace: %v", err)
	}
}

// traceSpeedup is Speedup when a trace is asked for: it times w.Run on one
// CPU and on P CPUs, the sequential version, and the calibration kernel on 1
// and P CPUs (what the machine could show meanwhile), a few times each, then
// traces one run on P CPUs and logs the figures. It skips the test: a
// picture is not a verdict.
func traceSpeedup(t *testing.T, w Work) {
	t.Helper()
	unlock := lockMeasurements(t)
	defer unlock()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))
	p := max(min(runtime.NumCPU(), maxCPUs), 1)
	m := newMeter(t, p, w)
	var rs []round
	for i := range traceRounds {
		rs = append(rs, m.round(i%2 == 1, 0))
	}
	traced := recordTrace(t, w.Run)
	m.awaitGoroutines()
	a := summarise(rs, Floor(p))
	lines := []string{protocol.Trace{CPUs: p, Untraced: a.runP, Traced: traced, OneCPU: a.run1, Sequential: a.seq1,
		Machine: a.machine}.String()}
	if p < 2 || !a.judged {
		lines = append(lines, fmt.Sprintf("speedup %s: %d of %d rounds could be judged, %d needed (calibration kernel %.2fx "+
			"on %d CPUs, %.2fx needed, and calls not kept waiting for a CPU): the figures above may show the machine, not the code",
			protocol.NotMeasurable, judgedRounds(rs, p), len(rs), minJudgedRounds, a.machine, p, Floor(p)))
	}
	reportTrace(t, lines...)
	t.Skipf("trace recorded (%s is set): a picture of the work, not a verdict", protocol.TraceEnv)
}

// judgedRounds counts the rounds of rs that can be judged on p CPUs.
func judgedRounds(rs []round, p int) int {
	n := 0
	for _, r := range rs {
		if p >= 2 && r.judged(Floor(p)) {
			n++
		}
	}
	return n
}

// recordTrace runs f under runtime/trace, inside the protocol.TraceRegion
// region, writing the trace to the file protocol.TraceEnv names, and returns
// f's wall time.
func recordTrace(t *testing.T, f func()) time.Duration {
	t.Helper()
	out, err := os.Create(os.Getenv(protocol.TraceEnv))
	if err != nil {
		t.Fatalf("trace: %v", err)
	}
	defer out.Close()
	runtime.GC()
	if err := trace.Start(out); err != nil {
		t.Fatalf("trace: cannot start the execution trace (was the binary run with -test.trace?): %v", err)
	}
	start := time.Now()
	trace.WithRegion(context.Background(), protocol.TraceRegion, f)
	d := time.Since(start)
	trace.Stop()
	if err := out.Close(); err != nil {
		t.Fatalf("trace: writing %s: %v", out.Name(), err)
	}
	return d
}
