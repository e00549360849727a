package mutate

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/gotest"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/protocol"
)

// Status is what became of a mutant.
type Status string

const (
	Killed      Status = "killed"          // a test failed, or the race detector fired
	TimedOut    Status = "timed out"       // a run hung and was stopped at its time limit: a kill too
	Survived    Status = "survived"        // every test passed
	Equivalent  Status = "equivalent"      // survived, and recorded as one no test keeping to the contract can kill
	NotCompiled Status = "did not compile" // the mutation left code that does not build
	Error       Status = "error"           // the grader could not judge it (interrupted, no scratch space)
)

// Race is the Result.Dimension of a mutant that the race detector caught.
const Race = catalog.Race

// Result is what the suite made of one mutant.
type Result struct {
	Mutant
	Status Status
	// Dimension is the dimension whose run killed it (Race when the race
	// detector fired); Test the first test that did not pass.
	Dimension catalog.Dimension
	Test      string
	Detail    string  // what happened, in one line; the reason of an equivalent mutant
	Seconds   float64 // building and running it
}

// Kata is the mutation of one kata's reference solution.
type Kata struct {
	ID      string
	File    string // the solution, relative to the repository
	Mutants int    // how many mutants the solution has, before any selection
	Results []Result
	// Err says why none of the kata's mutants were judged (the solution
	// fails its own suite, say).
	Err string
	// Problems are faults of the kata's equivalent.txt (a stale line, a
	// recorded equivalent that the suite kills); Notes are lines to update.
	Problems, Notes []string
}

// Counts adds up the kata's results.
func (k Kata) Counts() Counts {
	var c Counts
	for _, r := range k.Results {
		c.add(r.Status)
	}
	return c
}

// Counts are results by status.
type Counts struct {
	Mutants, Killed, TimedOut, Survived, Equivalent, NotCompiled, Errors int
}

func (c *Counts) add(s Status) {
	c.Mutants++
	switch s {
	case Killed:
		c.Killed++
	case TimedOut:
		c.TimedOut++
	case Survived:
		c.Survived++
	case Equivalent:
		c.Equivalent++
	case NotCompiled:
		c.NotCompiled++
	default:
		c.Errors++
	}
}

// Plus returns the sum of c and d.
func (c Counts) Plus(d Counts) Counts {
	return Counts{c.Mutants + d.Mutants, c.Killed + d.Killed, c.TimedOut + d.TimedOut, c.Survived + d.Survived,
		c.Equivalent + d.Equivalent, c.NotCompiled + d.NotCompiled, c.Errors + d.Errors}
}

// Score is the mutation score in percent: the mutants killed (hangs
// included) out of those that compiled and are not equivalent. ok is false
// when there are none.
func (c Counts) Score() (percent float64, ok bool) {
	judged := c.Killed + c.TimedOut + c.Survived
	if judged == 0 {
		return 0, false
	}
	return 100 * float64(c.Killed+c.TimedOut) / float64(judged), true
}

// Options says what to mutate and how.
type Options struct {
	// Grade gives the repository, the scratch folder, the sandbox and the
	// gate shared with other work. RunTimeout caps the time limit of one
	// run of a dimension's tests; SpeedupTimeout limits a speedup run (one
	// and three minutes if zero).
	Grade grade.Options
	// Jobs is how many mutants are judged at once (at least 1).
	Jobs int
	// Speedup runs the speedup tests too, on mutants that every other test
	// passes; they are slow, and left out otherwise.
	Speedup bool
	// Sample, if above 0, judges only that many mutants of each kata (see
	// Sample).
	Sample int
	// Only, if set, judges only the mutants with these IDs.
	Only []string
	// Progress receives a line as each kata and mutant is done; nil is fine.
	Progress func(format string, args ...any)
}

// Per-run time limits: a run of a mutant's tests may take runFactor times
// as long as the solution's run, and at least minRunLimit.
const (
	runFactor   = 10
	minRunLimit = 10 * time.Second
)

// Limits used when Options leave them zero, as the grader's flags default.
const (
	defaultRunTimeout     = time.Minute
	defaultSpeedupTimeout = 3 * time.Minute
)

// Run judges the mutants of each kata's reference solution and returns the
// results in course order. An error means nothing was judged: a solution
// that cannot be read or mutated, or an ID in opts.Only that no kata has.
func Run(ctx context.Context, katas []catalog.Kata, opts Options) ([]Kata, error) {
	r, err := newRunner(katas, opts)
	if err != nil {
		return nil, err
	}
	r.judgeAll(ctx)
	out := make([]Kata, len(katas))
	for i, kr := range r.katas {
		kr.finish()
		out[i] = kr.result
	}
	return out, nil
}

// List returns the mutants Run would judge, without judging them: each
// Result holds only its Mutant.
func List(katas []catalog.Kata, opts Options) ([]Kata, error) {
	r, err := newRunner(katas, opts)
	if err != nil {
		return nil, err
	}
	out := make([]Kata, len(katas))
	for i, kr := range r.katas {
		out[i] = kr.result
	}
	return out, nil
}

func newRunner(katas []catalog.Kata, opts Options) (*runner, error) {
	if opts.Grade.RunTimeout <= 0 {
		opts.Grade.RunTimeout = defaultRunTimeout
	}
	if opts.Grade.SpeedupTimeout <= 0 {
		opts.Grade.SpeedupTimeout = defaultSpeedupTimeout
	}
	if opts.Progress == nil {
		opts.Progress = func(string, ...any) {}
	}
	var progressMu sync.Mutex
	progress := opts.Progress
	opts.Progress = func(format string, args ...any) {
		progressMu.Lock()
		defer progressMu.Unlock()
		progress(format, args...)
	}
	r := &runner{opts: opts, katas: make([]*kataRun, len(katas))}
	only := map[string]bool{}
	for _, id := range opts.Only {
		only[id] = false
	}
	for i, k := range katas {
		kr, err := r.prepare(k, only)
		if err != nil {
			return nil, err
		}
		r.katas[i] = kr
	}
	var unknown []string
	for id, found := range only {
		if !found {
			unknown = append(unknown, id)
		}
	}
	if len(unknown) > 0 {
		slices.Sort(unknown)
		return nil, fmt.Errorf("no kata has a mutant %s: grader mutate --list shows their IDs", strings.Join(unknown, ", "))
	}
	return r, nil
}

type runner struct {
	opts  Options
	katas []*kataRun
}

// kataRun is the state of one kata's mutation.
type kataRun struct {
	k          catalog.Kata
	result     Kata
	mutants    []Mutant // the ones to judge, in result order
	equivalent map[string]Equivalence
	tests      map[catalog.Dimension][]string

	once sync.Once
	base *baseline
}

// prepare generates a kata's mutants, reads its equivalent.txt and picks
// the mutants to judge. only's keys are the IDs asked for; it marks those
// found.
func (r *runner) prepare(k catalog.Kata, only map[string]bool) (*kataRun, error) {
	rel := filepath.ToSlash(k.SolutionPath())
	src, err := os.ReadFile(filepath.Join(r.opts.Grade.ModuleDir, filepath.FromSlash(rel)))
	if err != nil {
		return nil, fmt.Errorf("reading %s: %w", rel, err)
	}
	ms, err := Generate(rel, src)
	if err != nil {
		return nil, err
	}
	kr := &kataRun{k: k, result: Kata{ID: k.ID, File: rel, Mutants: len(ms)}}
	eqName := EquivalentFile(k.ID)
	es, err := ReadEquivalences(filepath.Join(r.opts.Grade.ModuleDir, filepath.FromSlash(eqName)), eqName)
	kr.equivalent, kr.result.Notes, kr.result.Problems = MatchEquivalences(es, ms, eqName)
	if err != nil {
		// One problem a line: the file's faults come joined.
		kr.result.Problems = append(strings.Split(err.Error(), "\n"), kr.result.Problems...)
	}
	if len(only) > 0 {
		var picked []Mutant
		for _, m := range ms {
			if _, ok := only[m.ID]; ok {
				only[m.ID] = true
				picked = append(picked, m)
			}
		}
		ms = picked
	}
	kr.mutants = Sample(ms, r.opts.Sample)
	kr.result.Results = make([]Result, len(kr.mutants))
	for i, m := range kr.mutants {
		kr.result.Results[i] = Result{Mutant: m}
	}
	if kr.tests, err = grade.SuiteTests(r.opts.Grade.ModuleDir, k); err != nil {
		return nil, err
	}
	return kr, nil
}

// judgeAll judges every picked mutant, opts.Jobs at a time, in course order.
func (r *runner) judgeAll(ctx context.Context) {
	type task struct{ kata, mutant int }
	tasks := make(chan task)
	var wg sync.WaitGroup
	for range max(r.opts.Jobs, 1) {
		wg.Go(func() {
			for t := range tasks {
				kr := r.katas[t.kata]
				base := kr.baseline(ctx, r)
				if base.err != nil {
					continue
				}
				kr.result.Results[t.mutant] = r.judge(ctx, kr, base, t.mutant)
			}
		})
	}
	for i, kr := range r.katas {
		for j := range kr.mutants {
			if ctx.Err() != nil {
				break
			}
			tasks <- task{i, j}
		}
	}
	close(tasks)
	wg.Wait()
}

// finish records the kata's verdicts on its equivalent.txt and its error.
func (kr *kataRun) finish() {
	if kr.base != nil && kr.base.err != nil {
		kr.result.Err = kr.base.err.Error()
		kr.result.Results = nil
		return
	}
	name := EquivalentFile(kr.k.ID)
	for i, res := range kr.result.Results {
		if res.Status == "" {
			kr.result.Results[i].Status, kr.result.Results[i].Detail = Error, "not judged: interrupted"
			continue
		}
		e, ok := kr.equivalent[res.ID]
		if !ok {
			continue
		}
		switch res.Status {
		case Survived:
			kr.result.Results[i].Status = Equivalent
			kr.result.Results[i].Detail = e.Reason
		case Killed, TimedOut:
			kr.result.Problems = append(kr.result.Problems, fmt.Sprintf(
				"%s:%d: %s is recorded as equivalent, but the suite %s it (%s): it is not equivalent; remove the line",
				name, e.Line, res.ID, map[Status]string{Killed: "kills", TimedOut: "times out on"}[res.Status], res.verdict()))
		}
	}
}

// verdict says in a few words how a mutant was judged.
func (res Result) verdict() string {
	var parts []string
	if res.Dimension != "" {
		parts = append(parts, string(res.Dimension))
	}
	if res.Test != "" {
		parts = append(parts, res.Test)
	}
	if res.Detail != "" {
		parts = append(parts, res.Detail)
	}
	return strings.Join(parts, ": ")
}

// baseline is what the solution's own runs showed.
type baseline struct {
	err    error
	limits map[catalog.Dimension]time.Duration // per run of each dimension
	status map[string]gotest.Status            // each test's outcome
}

// functional are the dimensions whose tests judge a mutant, in the order
// they run: the cheapest and most telling first.
var functional = []catalog.Dimension{catalog.Correctness, catalog.Ordering, catalog.Timing, catalog.Leaks}

// baseline runs the solution's suite once, the first time a mutant of the
// kata needs it: every test must pass (or skip), and each dimension's time
// sets the time limit of its runs on mutants.
func (kr *kataRun) baseline(ctx context.Context, r *runner) *baseline {
	kr.once.Do(func() {
		start := time.Now()
		b := &baseline{limits: map[catalog.Dimension]time.Duration{}, status: map[string]gotest.Status{}}
		kr.base = b
		defer func() {
			if b.err != nil {
				r.opts.Progress("%s: %v", kr.k.ID, b.err)
			}
		}()
		dir := filepath.Join(r.opts.Grade.WorkDir, "mutate", kr.k.ID, "solution")
		defer os.RemoveAll(dir)
		sol := filepath.Join(r.opts.Grade.ModuleDir, filepath.FromSlash(kr.result.File))
		bin, err := r.build(ctx, kr.k, sol, dir, true)
		if err != nil {
			b.err = fmt.Errorf("the solution does not build: %v", err)
			return
		}
		runs := 0
		for _, d := range functional {
			tests := kr.tests[d]
			if !kr.k.Uses(d) || len(tests) == 0 {
				continue
			}
			began := time.Now()
			run, err := r.run(ctx, kr.k, bin, tests, r.opts.Grade.RunTimeout, false)
			if err != nil {
				b.err = fmt.Errorf("cannot run the solution's %s tests: %v", d, err)
				return
			}
			runs++
			b.limits[d] = min(max(runFactor*time.Since(began), minRunLimit), r.opts.Grade.RunTimeout)
			for _, name := range tests {
				t := run.Tests[name]
				b.status[name] = t.Status
				if t.Race || (t.Status != gotest.Passed && t.Status != gotest.Skipped) {
					b.err = fmt.Errorf("the solution fails its own suite (%s: %s%s), so its mutants cannot be judged; "+
						"run go run ./grader verify %s", name, outcome(t), firstLine(t.Output), kr.k.ID)
					return
				}
			}
			if run.ExitCode != 0 {
				b.err = fmt.Errorf("the solution's %s run exited with status %d%s", d, run.ExitCode, firstLine(run.Output))
				return
			}
		}
		r.opts.Progress("%s: the solution passes its suite (%d runs, %.1fs); %d of %d mutants to judge",
			kr.k.ID, runs, time.Since(start).Seconds(), len(kr.mutants), kr.result.Mutants)
	})
	if kr.base.err != nil && ctx.Err() != nil {
		kr.base.err = errors.New("not judged: interrupted")
	}
	return kr.base
}

// judge builds mutant i of kr and runs the suite against it, dimension by
// dimension, until one kills it.
func (r *runner) judge(ctx context.Context, kr *kataRun, base *baseline, i int) (res Result) {
	m := kr.mutants[i]
	res = Result{Mutant: m}
	start := time.Now()
	defer func() {
		res.Seconds = time.Since(start).Round(10 * time.Millisecond).Seconds()
		if ctx.Err() != nil {
			// A run cut short by the interrupt proves nothing.
			res.Status, res.Dimension, res.Test, res.Detail = Error, "", "", "not judged: interrupted"
		}
		if e, ok := kr.equivalent[m.ID]; ok && res.Status == Survived {
			res.Status, res.Detail = Equivalent, e.Reason
		}
		r.opts.Progress("%s %s: %s%s (%.1fs)", kr.k.ID, m.ID, res.Status, brief(res), res.Seconds)
	}()
	if m.CompileError != "" {
		res.Status, res.Detail = NotCompiled, m.CompileError
		return res
	}
	dir := filepath.Join(r.opts.Grade.WorkDir, "mutate", kr.k.ID, strconv.Itoa(i)+"-"+safe(m.ID))
	defer os.RemoveAll(dir)
	file := filepath.Join(dir, kr.k.StubFile())
	if err := os.MkdirAll(dir, 0o755); err != nil {
		res.Status, res.Detail = Error, "cannot write the mutant to the scratch folder: "+err.Error()
		return res
	}
	if err := os.WriteFile(file, m.Source, 0o644); err != nil {
		res.Status, res.Detail = Error, "cannot write the mutant to the scratch folder: "+err.Error()
		return res
	}
	bin, err := r.build(ctx, kr.k, file, dir, true)
	if err != nil {
		var be *gotest.BuildError
		if errors.As(err, &be) {
			res.Status, res.Detail = NotCompiled, compilerLine(be.Output)
		} else {
			res.Status, res.Detail = Error, err.Error()
		}
		return res
	}
	for _, d := range functional {
		tests := kr.tests[d]
		if !kr.k.Uses(d) || len(tests) == 0 {
			continue
		}
		run, err := r.run(ctx, kr.k, bin, tests, base.limits[d], false)
		if err != nil {
			res.Status, res.Detail = Error, err.Error()
			return res
		}
		if status, dim, test, detail := judgeRun(run, tests, base.status, d); status != Survived {
			res.Status, res.Dimension, res.Test, res.Detail = status, dim, test, detail
			return res
		}
	}
	res.Status = Survived
	if !r.opts.Speedup || !kr.k.Uses(catalog.Speedup) || len(kr.tests[catalog.Speedup]) == 0 {
		return res
	}
	plain, err := r.build(ctx, kr.k, file, dir, false)
	if err != nil {
		res.Status, res.Detail = Error, "the plain test binary does not build: "+err.Error()
		return res
	}
	run, err := r.run(ctx, kr.k, plain, kr.tests[catalog.Speedup], r.opts.Grade.SpeedupTimeout, true)
	if err != nil {
		res.Status, res.Detail = Error, err.Error()
		return res
	}
	res.Status, res.Dimension, res.Test, res.Detail = judgeSpeedup(run, kr.tests[catalog.Speedup])
	return res
}

// judgeRun says whether one run of dimension d's tests killed a mutant.
// base holds each test's outcome on the solution: a test that skipped there
// may skip here.
func judgeRun(run *gotest.Run, tests []string, base map[string]gotest.Status, d catalog.Dimension) (
	status Status, dim catalog.Dimension, test, detail string) {
	for _, name := range tests {
		if t := run.Tests[name]; t != nil && t.Race {
			return Killed, Race, name, "data race" + raceSite(t.Output)
		}
	}
	if site := raceSite(run.Output); site != "" || slices.ContainsFunc(run.Output, isRaceReport) {
		return Killed, Race, "", "data race" + site
	}
	if test, hung := hangTest(run, tests); hung {
		return TimedOut, d, test, "stopped at the run's time limit"
	}
	for _, name := range tests {
		t := run.Tests[name]
		if t == nil {
			return Killed, d, name, "no outcome"
		}
		if t.Status != gotest.Passed && t.Status != base[name] {
			return Killed, d, name, outcome(t) + failure(t.Output)
		}
	}
	switch {
	case run.ExitCode != 0:
		return Killed, d, "", fmt.Sprintf("the test binary exited with status %d", run.ExitCode) + firstLine(run.Output)
	case run.Memory > 0:
		return Killed, d, "", fmt.Sprintf("stopped for using %d MiB of memory", run.Memory>>20)
	case run.OutputLimit:
		return Killed, d, "", "stopped for printing too much"
	}
	return Survived, "", "", ""
}

// hangTest reports whether the run hung until its time limit (the test
// binary's own -test.timeout, or the grader's), and the test that was
// running then, if it can tell.
func hangTest(run *gotest.Run, tests []string) (test string, hung bool) {
	const mark = "panic: test timed out after"
	timedOut := func(out []string) bool {
		return slices.ContainsFunc(out, func(l string) bool { return strings.Contains(l, mark) })
	}
	for _, name := range tests {
		if t := run.Tests[name]; t != nil && timedOut(t.Output) {
			return name, true
		}
	}
	if !run.TimedOut && !timedOut(run.Output) {
		return "", false
	}
	for _, name := range tests {
		if t := run.Tests[name]; t != nil && t.Status == gotest.Hung {
			return name, true
		}
	}
	return "", true
}

func isRaceReport(line string) bool { return strings.Contains(line, "WARNING: DATA RACE") }

// judgeSpeedup says whether the speedup tests killed a mutant that every
// other test passed. A measurement the machine could not make leaves it a
// survivor, and says so.
func judgeSpeedup(run *gotest.Run, tests []string) (status Status, dim catalog.Dimension, test, detail string) {
	if test, hung := hangTest(run, tests); hung {
		return TimedOut, catalog.Speedup, test, "stopped at the speedup's time limit"
	}
	for _, name := range tests {
		t := run.Tests[name]
		switch {
		case t == nil:
			return Killed, catalog.Speedup, name, "no outcome"
		case t.Status == gotest.Skipped && slices.ContainsFunc(t.Output, protocol.IsNotMeasurable):
			detail = "speedup " + protocol.NotMeasurable
		case t.Status != gotest.Passed && t.Status != gotest.Skipped:
			return Killed, catalog.Speedup, name, outcome(t) + failure(t.Output)
		}
	}
	return Survived, "", "", detail
}

func outcome(t *gotest.TestResult) string {
	if t.Status == gotest.Failed {
		return "failed"
	}
	return string(t.Status)
}

// codeLine matches a source position in a stack trace or a test's log.
var codeLine = regexp.MustCompile(`([A-Za-z0-9_]+\.go:[0-9]+)`)

// raceSite returns " at FILE:LINE", the first place in the kata's own code
// (or, failing that, anywhere) that a race report names, or "".
func raceSite(out []string) string {
	for i, l := range out {
		if !isRaceReport(l) {
			continue
		}
		first := ""
		for _, l := range out[i+1:] {
			m := codeLine.FindStringSubmatch(l)
			switch {
			case m == nil:
			case strings.Contains(l, "/exercises/"):
				return " at " + m[1]
			case first == "":
				first = " at " + m[1]
			}
		}
		return first
	}
	return ""
}

// failure returns ": " and what a failed test said, in one line: testify's
// message (or its error) after the position it reports, else the first
// telling line; "" when it said nothing.
func failure(out []string) string {
	var at, errLine, msg string
	for _, l := range out {
		l = strings.TrimSpace(l)
		switch {
		case at == "" && codeLine.MatchString(l) && strings.HasSuffix(l, ":"):
			at = strings.TrimSuffix(l, ":")
		case strings.HasPrefix(l, "Error:") && errLine == "":
			errLine = strings.TrimSpace(strings.TrimPrefix(l, "Error:"))
		case strings.HasPrefix(l, "Messages:") && msg == "":
			msg = strings.TrimSpace(strings.TrimPrefix(l, "Messages:"))
		}
	}
	switch {
	case at != "" && msg != "":
		return clip(": " + at + ": " + msg)
	case at != "" && errLine != "":
		return clip(": " + at + ": " + errLine)
	}
	return firstLine(out)
}

func clip(s string) string {
	if len(s) > 160 {
		return s[:160] + "…"
	}
	return s
}

// firstLine returns ": " and the first telling line of out, or "".
func firstLine(out []string) string {
	for _, l := range out {
		l = strings.TrimSpace(l)
		if l == "" || strings.HasPrefix(l, "=== ") || strings.HasPrefix(l, "Error Trace:") || l == "FAIL" || l == "PASS" {
			continue
		}
		return clip(": " + l)
	}
	return ""
}

// compilerLine returns the compiler's first message, without go test's
// "# package" header.
func compilerLine(out string) string {
	for l := range strings.Lines(out) {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "#") {
			return l
		}
	}
	return strings.TrimSpace(out)
}

// brief is the progress line's account of a result.
func brief(res Result) string {
	if v := res.verdict(); v != "" && res.Status != Survived {
		return " by " + v
	}
	return ""
}

// safe turns a mutant ID into a folder name.
func safe(id string) string {
	return strings.NewReplacer("@", "-", "#", "-").Replace(id)
}

// build compiles k's test binary with file in place of the stub, into dir.
// A build that fails is tried once more before it counts: the go command's
// cache has been seen to fail an overlaid build once.
func (r *runner) build(ctx context.Context, k catalog.Kata, file, dir string, race bool) (string, error) {
	name := "plain.test"
	if race {
		name = "race.test"
	}
	out := filepath.Join(dir, name)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	pkg := k.ExerciseDir()
	opts := gotest.BuildOptions{
		ModuleDir: r.opts.Grade.ModuleDir, Package: pkg, Race: race, Out: out,
		Overlay: map[string]string{filepath.Join(r.opts.Grade.ModuleDir, pkg, k.StubFile()): file},
	}
	var err error
	for range 2 {
		release := r.opts.Grade.Gate.Shared()
		err = gotest.Build(ctx, opts)
		release()
		var be *gotest.BuildError
		if err == nil || !errors.As(err, &be) || ctx.Err() != nil {
			break
		}
	}
	return out, err
}

// run runs tests of bin with a time limit, in the sandbox if there is one;
// a speedup run has the machine to itself.
func (r *runner) run(ctx context.Context, k catalog.Kata, bin string, tests []string, limit time.Duration, speedup bool) (*gotest.Run, error) {
	release := r.opts.Grade.Gate.Shared
	if speedup {
		release = r.opts.Grade.Gate.Exclusive
	}
	defer release()()
	return gotest.RunTests(ctx, grade.RunOptions(r.opts.Grade, k, bin, tests, limit))
}
