package katatest

import (
	"fmt"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/deli-katas/deli/grader/protocol"
)

// curveRounds is how many times each CPU count is timed; the median counts.
const curveRounds = 5

// CurveCPUs lists the CPU counts a curve is measured at on a machine with n
// usable CPUs: the powers of two below n, and n.
func CurveCPUs(n int) []int {
	var ps []int
	for p := 1; p < n; p *= 2 {
		ps = append(ps, p)
	}
	return append(ps, max(n, 1))
}

// measureCurve logs, for each CPU count p, a line
//
//	curve cpus=2 run=81.2ms seq=150.3ms machine=1.97x
//
// with the median time of the work at GOMAXPROCS=p, the median time of the
// suite's sequential version on one CPU, and the calibration kernel's speedup
// at p. The rounds visit the CPU counts in turn, so slow drift in the
// machine's load touches every point alike.
func measureCurve(t *testing.T, w Work) {
	t.Helper()
	unlock := lockMeasurements(t)
	defer unlock()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))

	ps := CurveCPUs(runtime.NumCPU())
	m := newMeter(t, ps[len(ps)-1], w)
	runs := make([][]time.Duration, len(ps))
	cals := make([][]time.Duration, len(ps))
	var seqs []time.Duration
	for r := range curveRounds {
		runtime.GOMAXPROCS(1)
		seqs = append(seqs, m.timedSequential())
		order := slices.Clone(ps)
		if r%2 == 1 {
			slices.Reverse(order)
		}
		for _, p := range order {
			i := slices.Index(ps, p)
			runtime.GOMAXPROCS(p)
			cals[i] = append(cals[i], timeIt(func() { calibrate(m.kernel, ps[len(ps)-1]) }))
			runs[i] = append(runs[i], m.timed(w.Run))
		}
	}
	var b strings.Builder
	for i, p := range ps {
		point := protocol.CurvePoint{CPUs: p, Run: round3(median(runs[i])), Seq: round3(median(seqs)), Machine: ratio(median(cals[0]), median(cals[i]))}
		fmt.Fprintln(&b, point)
	}
	t.Log(strings.TrimSuffix(b.String(), "\n"))
	t.Skipf("speedup curve measured (%s is set): a figure for the docs, not a verdict", protocol.CurveEnv)
}

// curveRequested reports whether the speedup test should measure a curve.
// When protocol.CurveEnv is set, [Speedup] measures the speedup curve, for
// the course's performance figures (`grader curve`): it times the work at
// GOMAXPROCS 1, 2, 4, … up to the CPUs this process may use, logs a
// protocol.CurvePoint line per CPU count, and skips the test: a curve is a
// figure, not a verdict.
func curveRequested() bool { return os.Getenv(protocol.CurveEnv) != "" }
