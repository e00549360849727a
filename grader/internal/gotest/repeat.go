package gotest

import (
	"context"
	"errors"
	"io"
	"os/exec"
	"strings"

	"gotest.tools/gotestsum/testjson"
)

// Occurrence is one run of a test function among the repetitions of a
// repeated run.
type Occurrence struct {
	Status Status
	Race   bool     // a data race was reported while it ran
	Output []string // kept only when it did not pass
}

// Repeated is the outcome of one process running tests many times (go test
// -count). It is for trusted code (reference solutions and mutants): unlike
// [RunTests], it takes the binary's framing at its word.
type Repeated struct {
	Tests    map[string][]Occurrence // by test name, in the order they ran
	Output   []string                // output outside any test
	ExitCode int
	TimedOut bool
}

// Iterations returns how many times the set of tests began: with -count, go
// test runs every test once, then every test again, and so on.
func (r *Repeated) Iterations() int {
	n := 0
	for _, occ := range r.Tests {
		n = max(n, len(occ))
	}
	return n
}

// RunRepeated runs the named tests count times in one process and reports
// every occurrence of each. A binary that dies part-way leaves its last test
// "did not finish" and the rest unrun: Iterations tells how far it got.
func RunRepeated(ctx context.Context, opts RunOptions, count int) (*Repeated, error) {
	if len(opts.Tests) == 0 || count < 1 {
		return nil, errors.New("gotest: nothing to repeat")
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	cmd, stdout, _, err := start(ctx, opts, opts.Tests, count)
	if err != nil {
		return nil, err
	}
	f := &repeatFolder{tests: map[string][]Occurrence{}}
	for _, n := range opts.Tests {
		f.tests[n] = nil
	}
	limited := &limitReader{r: stdout, left: 8 * maxRunOutput}
	_, scanErr := testjson.ScanTestOutput(testjson.ScanConfig{Stdout: limited, Handler: f, IgnoreNonJSONOutputLines: true})
	if limited.exceeded {
		killProcessGroup(cmd)
	}
	io.Copy(io.Discard, stdout)
	waitErr := cmd.Wait()
	killProcessGroup(cmd)
	r := &Repeated{Tests: f.tests, Output: f.output, TimedOut: ctx.Err() == context.DeadlineExceeded}
	var exitErr *exec.ExitError
	switch {
	case waitErr == nil:
	case errors.As(waitErr, &exitErr):
		r.ExitCode = exitErr.ExitCode()
	case r.TimedOut:
		r.ExitCode = -1
	default:
		return nil, waitErr
	}
	if scanErr != nil {
		r.Output = append(r.Output, "grader: reading the test events: "+scanErr.Error())
	}
	if limited.exceeded {
		r.Output = append(r.Output, "grader: the run was stopped for printing too much")
	}
	return r, nil
}

// repeatFolder collects each occurrence of each expected top-level test.
type repeatFolder struct {
	tests  map[string][]Occurrence
	output []string
}

func (f *repeatFolder) Event(e testjson.TestEvent, _ *testjson.Execution) error {
	root, _, sub := strings.Cut(e.Test, "/")
	occ, ok := f.tests[root]
	if e.Test == "" || !ok {
		if e.Action == testjson.ActionOutput && len(f.output) < maxTestOutput {
			f.output = append(f.output, strings.TrimRight(e.Output, "\n"))
		}
		return nil
	}
	if e.Action == testjson.ActionRun && !sub {
		f.tests[root] = append(occ, Occurrence{Status: Hung})
		return nil
	}
	if len(occ) == 0 {
		return nil
	}
	last := &occ[len(occ)-1]
	switch e.Action {
	case testjson.ActionOutput:
		if isRaceReport(e.Output) {
			last.Race = true
		}
		if !isFraming(e.Output) && len(last.Output) < maxTestOutput {
			last.Output = append(last.Output, strings.TrimRight(e.Output, "\n"))
		}
	case testjson.ActionPass, testjson.ActionFail, testjson.ActionSkip:
		if sub || e.Elapsed < 0 {
			return nil // a subtest, or testjson closing a test the process never ended
		}
		last.Status = Status(e.Action)
		if last.Status == Passed {
			last.Output = nil
		}
	}
	return nil
}

func (f *repeatFolder) Err(text string) error {
	if len(f.output) < maxTestOutput {
		f.output = append(f.output, text)
	}
	return nil
}
