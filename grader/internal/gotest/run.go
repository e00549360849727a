package gotest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"gotest.tools/gotestsum/testjson"

	"github.com/deli-katas/deli/grader/internal/sandbox"
)

// Status is the outcome of one test function.
type Status string

const (
	Passed      Status = "pass"
	Failed      Status = "fail"
	Skipped     Status = "skip"
	Hung        Status = "did not finish" // started and never ended: a panic, deadlock or time-out took the binary down
	NotRun      Status = "not run"        // never started: an earlier test took the binary down
	Conflicting Status = "conflicting"    // more than one outcome: forged test output
)

// TestResult is what one top-level test function did.
type TestResult struct {
	Name   string
	Status Status
	Race   bool     // a data race was reported while it ran
	Output []string // its output and its subtests', without the framing lines
}

// Run is the outcome of one execution of a test binary.
type Run struct {
	Tests       map[string]*TestResult // every expected test, by name
	ExitCode    int                    // of test2json, which exits 1 when the binary fails
	TimedOut    bool                   // the run was killed at its time limit
	OutputLimit bool                   // the run was killed for printing too much
	Memory      int64                  // bytes in use when the run was killed for using too much memory, or 0
	Incomplete  bool                   // the sentinel test did not pass with its nonce: the run ended early or was forged
	Output      []string               // output not attributed to any test (panics, init)
}

// Stalled reports whether the run ended at its time limit: killed there, or
// stopped just before it by the binary's own -test.timeout, which prints the
// goroutines of the hang.
func (r *Run) Stalled() bool {
	stopped := func(lines []string) bool {
		return slices.ContainsFunc(lines, func(l string) bool { return strings.Contains(l, "panic: test timed out after") })
	}
	if r.TimedOut || stopped(r.Output) {
		return true
	}
	for _, t := range r.Tests {
		if t.Status == Hung && stopped(t.Output) {
			return true
		}
	}
	return false
}

// RunOptions says which tests to run, and how.
type RunOptions struct {
	Binary     string        // the test binary
	Dir        string        // working directory: the package directory
	ImportPath string        // the package's import path, for the event stream
	Tests      []string      // the test functions to run, by exact name
	Timeout    time.Duration // time limit for the whole run
	Env        []string      // extra environment variables
	// Sandbox, when set, runs the binary in a sandbox with Limits; Shared
	// files are bound into it read-write.
	Sandbox *sandbox.Sandbox
	Limits  sandbox.Limits
	Shared  []sandbox.Bind
	// Sentinel runs SentinelTest after the tests; the binary must have been
	// built with SentinelSource added to the package.
	Sentinel bool
}

// Limits on what a run may print before it is stopped.
const (
	maxRunOutput  = 16 << 20 // bytes of event stream from one run
	maxTestOutput = 1000     // lines kept per test
)

// raceOptions returns the GORACE setting for a run: the user's options, no
// pause at exit, and a halt at the first race report. By default a binary
// built with -race sleeps a second as it exits (to catch races in goroutines
// still running, which the leaks dimension judges anyway), and goes on after a
// race, so racy recursive code can print thousands of reports. One report is
// enough: the grader re-runs the dimension without -race to judge it.
func raceOptions() string {
	return "GORACE=" + strings.TrimSpace(os.Getenv("GORACE")+" atexit_sleep_ms=0 halt_on_error=1")
}

// RunTests runs the named tests of a test binary under test2json and reports
// each one. An error means the run could not be made at all; a test binary that
// crashes, hangs or prints nonsense is a normal result.
func RunTests(ctx context.Context, opts RunOptions) (*Run, error) {
	if len(opts.Tests) == 0 {
		return nil, errors.New("gotest: no tests to run")
	}
	tests := opts.Tests
	nonce := newNonce()
	if opts.Sentinel {
		tests = append(append([]string(nil), tests...), SentinelTest)
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	cmd, stdout, memory, err := start(ctx, opts, tests, 1, sentinelEnv+"="+nonce)
	if err != nil {
		return nil, err
	}

	limited := &limitReader{r: stdout, left: maxRunOutput}
	run, scanErr := Fold(limited, tests)
	if limited.exceeded {
		killProcessGroup(cmd)
	}
	io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	killProcessGroup(cmd) // anything the binary left behind

	run.TimedOut = ctx.Err() == context.DeadlineExceeded
	if opts.Sentinel {
		run.Incomplete = !checkSentinel(run, nonce)
	}
	run.OutputLimit = limited.exceeded
	run.Memory = memory.Load()
	var exitErr *exec.ExitError
	switch {
	case waitErr == nil:
	case errors.As(waitErr, &exitErr):
		run.ExitCode = exitErr.ExitCode()
	case run.TimedOut:
		run.ExitCode = -1
	default:
		return nil, fmt.Errorf("gotest: running %s: %w", opts.Binary, waitErr)
	}
	if scanErr != nil && !limited.exceeded {
		run.Output = append(run.Output, "grader: reading the test events: "+scanErr.Error())
	}
	return run, nil
}

// start starts the binary under test2json, running tests count times, with
// its output and errors on the returned pipe. ctx must carry opts.Timeout:
// when it ends, the process group is killed and the pipe closed, even if a
// process outside the group still holds its other end. memory is set if the
// run is killed for using more memory than opts.Limits allow.
func start(ctx context.Context, opts RunOptions, tests []string, count int, env ...string) (
	cmd *exec.Cmd, stdout io.ReadCloser, memory *atomic.Int64, err error) {
	pattern := "^(" + strings.Join(tests, "|") + ")$"
	// -test.timeout makes the binary print the stacks of a hang itself; the
	// context kills the process group if even that does not happen.
	testTimeout := opts.Timeout - opts.Timeout/10
	argv := []string{opts.Binary, "-test.v=test2json", "-test.run", pattern, fmt.Sprintf("-test.count=%d", count),
		"-test.timeout", testTimeout.String(), "-test.paniconexit0", "-test.shuffle=off"}
	env = append(append(append([]string(nil), opts.Env...), env...), raceOptions())
	if opts.Sandbox != nil {
		if n := os.Getenv("GOMAXPROCS"); n != "" {
			env = append(env, "GOMAXPROCS="+n)
		}
		argv = opts.Sandbox.Args(sandbox.Spec{
			Binary: opts.Binary, Args: argv[1:], Dir: opts.Dir, Env: env, Limits: opts.Limits, Shared: opts.Shared,
		})
		env = nil // the sandbox gets only what it was given
	}
	cmd = exec.CommandContext(ctx, "go", append([]string{"tool", "test2json", "-t", "-p", opts.ImportPath}, argv...)...)
	cmd.Dir = opts.Dir
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin = nil
	setProcessGroup(cmd)
	stdout, err = cmd.StdoutPipe()
	if err != nil {
		return nil, nil, nil, err
	}
	cmd.Stderr = cmd.Stdout
	if err := cmd.Start(); err != nil {
		return nil, nil, nil, fmt.Errorf("gotest: cannot start go tool test2json: %w", err)
	}
	context.AfterFunc(ctx, func() { stdout.Close() })
	memory = new(atomic.Int64)
	sandbox.Watch(ctx, cmd.Process.Pid, opts.Limits.Memory, func(used int64) {
		memory.Store(used)
		killProcessGroup(cmd)
	})
	return cmd, stdout, memory, nil
}

// Fold reads a test2json event stream and reports each of the expected tests.
// An error means the stream could not be read to its end; the result still
// says what was seen.
func Fold(stream io.Reader, tests []string) (*Run, error) {
	f := newFolder(tests)
	_, err := testjson.ScanTestOutput(testjson.ScanConfig{
		Stdout:                   stream,
		Handler:                  f,
		IgnoreNonJSONOutputLines: true,
	})
	return f.result(), err
}

// limitReader stops after left bytes, so a test that prints without end cannot
// exhaust the grader's memory.
type limitReader struct {
	r        io.Reader
	left     int64
	exceeded bool
}

func (l *limitReader) Read(p []byte) (int, error) {
	if l.left <= 0 {
		l.exceeded = true
		return 0, io.EOF
	}
	if int64(len(p)) > l.left {
		p = p[:l.left]
	}
	n, err := l.r.Read(p)
	l.left -= int64(n)
	return n, err
}

// folder turns the event stream into per-test results.
type folder struct {
	expected map[string]bool
	tests    map[string]*TestResult
	started  map[string]bool
	framed   map[string]bool // saw go test's own "--- PASS/FAIL/SKIP: name" line
	outcomes map[string]int
	output   []string
}

func newFolder(names []string) *folder {
	f := &folder{
		expected: map[string]bool{},
		tests:    map[string]*TestResult{},
		started:  map[string]bool{},
		framed:   map[string]bool{},
		outcomes: map[string]int{},
	}
	for _, n := range names {
		f.expected[n] = true
		f.tests[n] = &TestResult{Name: n, Status: NotRun}
	}
	return f
}

// Event implements testjson.EventHandler.
func (f *folder) Event(e testjson.TestEvent, _ *testjson.Execution) error {
	root, _, sub := strings.Cut(e.Test, "/")
	if e.Test == "" {
		if e.Action == testjson.ActionOutput {
			f.addOutput(&f.output, e.Output)
		}
		return nil
	}
	t, ok := f.tests[root]
	if !ok {
		// A test nobody asked for: only forged output produces one.
		f.addOutput(&f.output, e.Output)
		return nil
	}
	switch e.Action {
	case testjson.ActionOutput:
		if isRaceReport(e.Output) {
			t.Race = true
		}
		if !isFraming(e.Output) {
			f.addOutput(&t.Output, e.Output)
		} else if !sub && isResultLine(e.Output, root) {
			f.framed[root] = true
		}
	case testjson.ActionRun:
		if !sub {
			f.started[root] = true
		}
	case testjson.ActionPass, testjson.ActionFail, testjson.ActionSkip:
		if sub {
			return nil
		}
		if e.Elapsed < 0 || !f.framed[root] {
			// A test that never printed its result line did not end: the
			// process did (test2json then reports it failed), or testjson
			// marks it (negative elapsed time) at the end of the stream.
			return nil
		}
		f.framed[root] = false
		f.outcomes[root]++
		t.Status = Status(e.Action)
	}
	return nil
}

// Err implements testjson.EventHandler: lines test2json could not parse.
func (f *folder) Err(text string) error {
	f.addOutput(&f.output, text+"\n")
	return nil
}

func (f *folder) addOutput(lines *[]string, s string) {
	if len(*lines) < maxTestOutput {
		*lines = append(*lines, strings.TrimRight(s, "\n"))
	}
}

func (f *folder) result() *Run {
	for name, t := range f.tests {
		switch {
		case f.outcomes[name] > 1:
			t.Status = Conflicting
		case f.outcomes[name] == 0 && f.started[name]:
			t.Status = Hung
		case f.outcomes[name] == 1 && !f.started[name]:
			t.Status = Conflicting // an outcome without a start
		}
	}
	return &Run{Tests: f.tests, Output: f.output}
}

func isRaceReport(s string) bool {
	return strings.Contains(s, "WARNING: DATA RACE") || strings.Contains(s, "race detected during execution of test")
}

// isResultLine reports whether s is the line go test prints when top-level test name ends.
func isResultLine(s, name string) bool {
	for _, p := range []string{"--- PASS: ", "--- FAIL: ", "--- SKIP: "} {
		if strings.HasPrefix(s, p+name+" ") {
			return true
		}
	}
	return false
}

// isFraming reports whether s is one of go test's own lines (=== RUN, --- PASS...).
func isFraming(s string) bool {
	s = strings.TrimLeft(s, " ")
	for _, p := range []string{"=== RUN", "=== PAUSE", "=== CONT", "=== NAME", "--- PASS", "--- FAIL", "--- SKIP"} {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
