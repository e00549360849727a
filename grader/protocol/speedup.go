package protocol

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// NotMeasurable starts the reason of a speedup test skipped because the
// machine could not show parallelism. It is the only skip the grader does not
// count as a fail: it reports the speedup as "not measurable here".
const NotMeasurable = "not measurable here"

// IsNotMeasurable reports whether a test's output says its speedup could not
// be measured.
func IsNotMeasurable(output string) bool { return strings.Contains(output, NotMeasurable) }

// Speedup is the figure a speedup test logs, as one line:
//
//	speedup 1.93x on 2 CPUs (bar 1.40x, machine 1.97x)
type Speedup struct {
	Speedup float64 // the work's speedup: one CPU time / P CPUs time
	CPUs    int     // P
	Bar     float64 // the least passing speedup
	Machine float64 // the calibration kernel's speedup in the same rounds
}

func (s Speedup) String() string {
	return fmt.Sprintf("speedup %.2fx on %d CPUs (bar %.2fx, machine %.2fx)", s.Speedup, s.CPUs, s.Bar, s.Machine)
}

var speedupLine = regexp.MustCompile(`speedup ([0-9.]+)x on ([0-9]+) CPUs \(bar ([0-9.]+)x, machine ([0-9.]+)x\)`)

// ParseSpeedup finds the speedup line in a line of a test's output.
func ParseSpeedup(line string) (Speedup, bool) {
	m := speedupLine.FindStringSubmatch(line)
	if m == nil {
		return Speedup{}, false
	}
	f := func(s string) float64 { v, _ := strconv.ParseFloat(s, 64); return v }
	cpus, _ := strconv.Atoi(m[2])
	return Speedup{Speedup: f(m[1]), CPUs: cpus, Bar: f(m[3]), Machine: f(m[4])}, true
}

// CurveEnv names the environment variable that turns a speedup test into a
// measurement of the speedup curve (`grader curve`): the test times the work
// at GOMAXPROCS 1, 2, 4, … and logs a [CurvePoint] line for each, then skips.
const CurveEnv = "DELI_SPEEDUP_CURVE"

// CurvePoint is one CPU count of a speedup curve, logged as one line:
//
//	curve cpus=2 run=81.2ms seq=150.3ms machine=1.97x
type CurvePoint struct {
	CPUs    int
	Run     time.Duration // median time of the work at GOMAXPROCS=CPUs
	Seq     time.Duration // median time of the suite's sequential version on one CPU
	Machine float64       // the calibration kernel's speedup at CPUs
}

func (p CurvePoint) String() string {
	return fmt.Sprintf("curve cpus=%d run=%v seq=%v machine=%.2fx", p.CPUs, p.Run, p.Seq, p.Machine)
}

var curveLine = regexp.MustCompile(`curve cpus=(\d+) run=(\S+) seq=(\S+) machine=([0-9.]+)x`)

// ParseCurve reads every curve line in a test's output, in order.
func ParseCurve(output string) ([]CurvePoint, error) {
	var ps []CurvePoint
	for _, m := range curveLine.FindAllStringSubmatch(output, -1) {
		cpus, err1 := strconv.Atoi(m[1])
		run, err2 := time.ParseDuration(m[2])
		seq, err3 := time.ParseDuration(m[3])
		machine, err4 := strconv.ParseFloat(m[4], 64)
		if err1 != nil || err2 != nil || err3 != nil || err4 != nil || run <= 0 {
			return ps, fmt.Errorf("protocol: unreadable curve line %q", m[0])
		}
		ps = append(ps, CurvePoint{CPUs: cpus, Run: run, Seq: seq, Machine: machine})
	}
	return ps, nil
}
