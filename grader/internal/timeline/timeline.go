// Package timeline reads an execution trace written by runtime/trace and
// turns it into figures and a self-contained SVG picture of who ran where.
//
// The picture is a deli. The scheduler's processors (Ps) are the registers;
// goroutines are the customers served at them. A sequential program is one
// line at one register; a concurrent one has many customers waiting but one
// register; a parallel one keeps several registers busy at once.
//
// # What is counted
//
// Runtime goroutines (the garbage collector's workers, the sweeper, the
// tracer's own goroutines, finalizers: any goroutine whose start function is
// in package runtime, runtime/..., internal/... or unique, or that the trace
// never shows a stack of) are drawn, in grey and labelled "runtime", but they
// are left out of every figure (Parallelism, Goroutines, the Running,
// Runnable and Blocked times) and of the customers lane. So is a goroutine of
// package testing while it waits in testing.(*M).Run or testing.(*T).Run for
// a test to end (the test binary's main goroutine, or a test waiting for its
// subtest). The figures are about the program under study.
//
// # The window
//
// Only the window is drawn and counted. With Options.Region set and present
// in the trace, the window runs from the region's first begin to its last end
// (from the trace's start if the trace has an end but no begin, to its end if
// it has a begin but no end); otherwise it is the whole trace. Every span and
// state is clipped to the window. A goroutine that is already running, or
// waiting, when the window opens counts from the window's start; one the trace
// first reports in the middle of its first generation (the trace reports
// goroutines it has not seen act only when a generation ends) counts from the
// trace's start, in the state reported.
package timeline

import (
	"fmt"
	"time"
)

// Options says which part of the trace to draw.
type Options struct {
	// Region, if set, names a runtime/trace region (the regionType given to
	// trace.WithRegion or trace.StartRegion). The window runs from its first
	// begin to its last end. Without it, or when the trace has no such region,
	// the window is the whole trace.
	Region string
}

// Timeline is what Read makes of a trace: what every P ran in the window and
// how many goroutines were in each state, over time.
type Timeline struct {
	// Start and End bound the window, measured from the trace's first event.
	Start, End time.Duration
	// Region is the region that set the window, or "" when the window is the
	// whole trace.
	Region string
	// Lanes holds one lane per P that existed, in P order: register 1 is P 0.
	Lanes []Lane
	// Goroutines lists the goroutines alive in the window, by ID.
	Goroutines []Goroutine
	// Samples is the number of goroutines in each state over the window, for
	// the goroutines the figures count (see the package comment). Sample i
	// holds from Samples[i].At until Samples[i+1].At, the last one until the
	// window ends; the first is at 0.
	Samples []Sample
	// Figures sums the window up.
	Figures Figures
}

// Lane is what one P ran: its spans, sorted by start, not overlapping.
type Lane struct {
	Proc  int
	Spans []Span
}

// Span is one stretch of a goroutine running on a P. Start and End are
// measured from the window's start; Label is the goroutine's.
type Span struct {
	Goroutine  int64
	Start, End time.Duration
	Label      string
}

// Goroutine is one goroutine seen in the window.
type Goroutine struct {
	ID int64
	// Func is the goroutine's start function, in full
	// (github.com/x/primes.CountPrimes.func1), or "" when the trace does not
	// say. For a goroutine started by sync.WaitGroup.Go (or errgroup's Go) it
	// is the function given to Go, when a stack of the goroutine shows it.
	Func string
	// Label is the short name drawn in the legend: Func without its import
	// path (primes.CountPrimes.func1), "main (test)" for a test's own
	// goroutine (testing.tRunner) and "runtime" for a runtime goroutine.
	Label string
	// Runtime reports one of the runtime's goroutines, left out of the
	// figures. See the package comment.
	Runtime bool
}

// State is what a goroutine is doing at a moment.
type State uint8

const (
	Running  State = iota // running on a P: being served at a register
	Runnable              // ready, waiting for a P: waiting for a register
	Channel               // blocked sending, receiving or in a select
	Mutex                 // blocked in package sync: Mutex, RWMutex, WaitGroup, Cond
	Sleep                 // blocked in time.Sleep
	Syscall               // in a system call
	Other                 // blocked on anything else (network, GC, a nil channel…)

	numStates = iota
)

var stateNames = [numStates]string{"running", "runnable", "channel", "mutex", "sleep", "syscall", "other"}

// String returns the state's name: running, runnable, or the blocked
// category used as a key of Figures.BlockedBy.
func (s State) String() string {
	if s < numStates {
		return stateNames[s]
	}
	return fmt.Sprintf("State(%d)", s)
}

// Blocked reports whether s is one of the blocked states (Syscall included).
func (s State) Blocked() bool { return s >= Channel && s < numStates }

// Sample is how many counted goroutines were in each state from At on,
// indexed by State. At is measured from the window's start.
type Sample struct {
	At    time.Duration
	Count [numStates]int
}

// Total returns the number of goroutines alive in the sample.
func (s Sample) Total() int {
	n := 0
	for _, c := range s.Count {
		n += c
	}
	return n
}

// Figures sums up the window. Durations are in nanoseconds in JSON.
type Figures struct {
	// Window is the window's length.
	Window time.Duration `json:"window_ns"`
	// Parallelism is the average number of Ps running counted goroutines:
	// their running time summed, divided by Window.
	Parallelism float64 `json:"parallelism"`
	// Goroutines is the most counted goroutines alive at once in the window.
	Goroutines int `json:"goroutines"`
	// Procs is the number of Ps (GOMAXPROCS) the trace shows.
	Procs int `json:"procs"`
	// Running, Runnable and Blocked sum the time counted goroutines spent
	// running, waiting for a P and blocked (system calls included) within
	// the window.
	Running  time.Duration `json:"running_ns"`
	Runnable time.Duration `json:"runnable_ns"`
	Blocked  time.Duration `json:"blocked_ns"`
	// BlockedBy splits Blocked by category: "channel", "mutex" (package sync,
	// WaitGroup and Cond included), "sleep", "syscall" and "other". A
	// category with no time is left out.
	BlockedBy map[string]time.Duration `json:"blocked_by_ns"`
}
