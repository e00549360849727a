// Package grade grades one kata: it builds the kata's test binaries, runs
// each dimension's tests in a run of its own (so a crash or a hang costs only
// the dimension it happens in), attributes every outcome to its dimension and
// scores the result.
package grade

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/admit"
	"github.com/deli-katas/deli/grader/internal/cache"
	"github.com/deli-katas/deli/grader/internal/gotest"
	"github.com/deli-katas/deli/grader/internal/report"
	"github.com/deli-katas/deli/grader/internal/sandbox"
	"github.com/deli-katas/deli/grader/protocol"
)

// Options says what to grade and with what limits.
type Options struct {
	ModuleDir string // the repository root, where go.mod is
	WorkDir   string // a scratch directory for test binaries
	// Stub, when set, returns the file to compile in place of the kata's stub
	// (a solution or a mutant), through a build overlay; "" keeps the stub.
	Stub func(k catalog.Kata) string
	// Force grades a stub even when it is unchanged from the shipped one.
	Force bool
	// RunTimeout limits each run of a dimension's tests; SpeedupTimeout the
	// speedup run; KataTimeout (if set) the whole kata, builds included.
	RunTimeout, SpeedupTimeout, KataTimeout time.Duration
	// RunLimit, when set, gives each kata's run limit in place of
	// RunTimeout (catalog.Kata.StudentRunLimit when students grade their own
	// work).
	RunLimit func(catalog.Kata) time.Duration
	// SkipSpeedup leaves the speedup unmeasured (a fail whose reason starts
	// with NotMeasured), for a caller that does not need the figure.
	SkipSpeedup bool
	// Only, when set, judges only these dimensions and leaves the others not
	// judged, for a caller that needs some verdicts (verify: the dimensions a
	// mutant must lose). Race needs every test run under -race, and speedup
	// the correctness tests, whether or not they are listed.
	Only []catalog.Dimension
	// Gate, when set, is shared by gradings that run at the same time: it
	// keeps every speedup measurement alone on the machine.
	Gate *Gate
	// Sandbox, when set, runs every test binary in it, with at most Memory
	// bytes of memory (sandbox.DefaultMemory if 0).
	Sandbox *sandbox.Sandbox
	Memory  int64
	// Cache, when set, keeps katas graded with full marks and returns them
	// unchanged while neither their code, their suite nor anything in
	// CacheKey (the grader, the harness, the machine) changed.
	Cache    *cache.Cache
	CacheKey []byte
	// Progress, when set, is told each step of a grading as it starts:
	// "building", "correctness", …, "speedup".
	Progress func(k catalog.Kata, step string)
	// StopAfterStall leaves the dimensions after one whose run was stopped at
	// its time limit (an endless loop, a hang) not judged, so a student
	// hears of the hang after one run limit, not after one per dimension.
	// Graded modes leave it unset: every dimension earns its own points.
	StopAfterStall bool
	// OwnCode says the code is the project's own (a reference solution, a
	// mutant, the shipped stub), which tampers with nothing: the binary
	// without -race is then built only if a dimension needs it, after the
	// runs. Never set it for a student's code: nothing a run does may reach
	// a build, so both are built before anything runs.
	OwnCode bool
}

// A Gate lets several gradings run side by side while a speedup measurement
// runs alone: builds and test runs share the gate, a measurement waits until
// it has the gate to itself. A nil *Gate lets everything through.
type Gate struct{ mu sync.RWMutex }

func (g *Gate) Shared() (release func()) {
	if g == nil {
		return func() {}
	}
	g.mu.RLock()
	return g.mu.RUnlock
}

func (g *Gate) Exclusive() (release func()) {
	if g == nil {
		return func() {}
	}
	g.mu.Lock()
	return g.mu.Unlock
}

// StubHash returns the SHA-256 of a file, as katas.toml records it.
func StubHash(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	return hashOf(data), nil
}

// Kata grades one kata. It never fails: whatever the code under test does,
// the answer is a result that says what happened.
func Kata(ctx context.Context, k catalog.Kata, opts Options) (r report.KataResult) {
	start := time.Now()
	key := resultKey(k, opts)
	if key != "" {
		if r, ok := opts.Cache.Get(k.ID, key); ok {
			r.Cached, r.Previous, r.Hint, r.HintNumber = true, nil, "", 0
			r.Seconds = time.Since(start).Round(10 * time.Millisecond).Seconds()
			return r
		}
		defer func() { opts.Cache.Put(k.ID, key, r) }()
	}
	if opts.KataTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.KataTimeout)
		defer cancel()
	}
	r = grade(ctx, k, opts)
	r.Seconds = time.Since(start).Round(10 * time.Millisecond).Seconds()
	SetHint(k, &r, nil)
	return r
}

// Kept returns the result opts.Cache keeps for k, as Kata would return it,
// without grading anything: ok is false when nothing is kept for k's code and
// suite as they are now (or there is no cache, or opts.Force is set).
func Kept(k catalog.Kata, opts Options) (r report.KataResult, ok bool) {
	key := resultKey(k, opts)
	if key == "" {
		return report.KataResult{}, false
	}
	if r, ok = opts.Cache.Get(k.ID, key); ok {
		r.Cached, r.Previous, r.Hint, r.HintNumber = true, nil, "", 0
	}
	return r, ok
}

// resultKey is the key of k's result in opts.Cache: the code graded, the
// suite and opts.CacheKey; "" without a cache, with --force, or when a file
// cannot be read (grading says why).
func resultKey(k catalog.Kata, opts Options) string {
	if opts.Cache == nil || opts.Force {
		return ""
	}
	graded := filepath.Join(opts.ModuleDir, k.StubPath())
	if opts.Stub != nil {
		graded = opts.Stub(k)
	}
	code, err1 := os.ReadFile(graded)
	suite, err2 := os.ReadFile(filepath.Join(opts.ModuleDir, k.TestPath()))
	if err1 != nil || err2 != nil {
		return ""
	}
	return cache.Key(opts.CacheKey, []byte(k.ID), code, suite)
}

// SetHint sets r's hint to the one k gives for what r lost, skipping the
// hints already seen (indexes into k.Hints); a kata complete, not started or
// that could not be graded (a compile error says more than a hint) gets none.
func SetHint(k catalog.Kata, r *report.KataResult, seen []int) {
	r.Hint, r.HintNumber = "", 0
	if r.Status != report.Graded || r.Complete() {
		return
	}
	var f catalog.Failure
	for _, d := range r.Dimensions {
		if d.Status != report.Fail {
			continue
		}
		f.Dimensions = append(f.Dimensions, d.Name)
		for _, t := range d.Tests {
			if t.Status != report.TestPass {
				f.Tests = append(f.Tests, t.Name)
			}
		}
	}
	if i := k.NextHint(f, seen); i >= 0 {
		r.Hint, r.HintNumber = k.Hints[i].Text, i+1
	}
}

func grade(ctx context.Context, k catalog.Kata, opts Options) report.KataResult {
	g, r := prepare(ctx, k, opts)
	if g == nil {
		return r
	}
	graded := g.run()
	graded.CodeSHA256 = r.CodeSHA256
	return graded
}

// Remeasure measures again the speedup of a kata whose grading, previous,
// found it not measurable, and returns previous with the new verdict and
// score. Any other result comes back unchanged, and so does one whose code is
// no longer what was graded (its hash differs), with a message saying so.
func Remeasure(ctx context.Context, k catalog.Kata, opts Options, previous report.KataResult) report.KataResult {
	if d := previous.Dim(catalog.Speedup); d == nil || d.Status != report.NotMeasurable {
		return previous
	}
	start := time.Now()
	if opts.KataTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, opts.KataTimeout)
		defer cancel()
	}
	g, r := prepare(ctx, k, opts)
	if g == nil || r.CodeSHA256 != previous.CodeSHA256 {
		previous.Message = appendMessage(previous.Message,
			"The speedup was not measured again: the code is no longer the code that was graded.")
		return previous
	}
	g.result = previous
	g.result.Dimensions = slices.Clone(previous.Dimensions)
	g.result.Speedup = nil
	var err error
	if g.plain, err = g.build(false); err != nil {
		return previous
	}
	g.judgeSpeedup()
	g.result.Score()
	g.result.CodeSHA256 = r.CodeSHA256
	g.result.Seconds = math.Round((previous.Seconds+time.Since(start).Seconds())*100) / 100
	return g.result
}

// prepare takes the snapshot of k's code and suite and checks the code. It
// returns the grading, ready to build and run, or nil and the result of a
// kata that cannot be graded. Either way r.CodeSHA256 is the code's hash when
// the code could be read.
func prepare(ctx context.Context, k catalog.Kata, opts Options) (g *grading, r report.KataResult) {
	pkg := k.ExerciseDir()
	stub := filepath.Join(opts.ModuleDir, pkg, k.StubFile())
	suite := filepath.Join(opts.ModuleDir, pkg, k.TestFile())
	graded := stub
	if opts.Stub != nil {
		graded = opts.Stub(k)
	}
	// The snapshot: the code and the suite are read once, here, and
	// everything after (the check, the test list, both builds) uses these
	// bytes, so no later change to the files on disk can slip past them.
	code, err := os.ReadFile(graded)
	if err != nil {
		reason := "the file to grade is missing"
		if graded == stub {
			reason = "the kata's files are missing"
		}
		r := report.NewKata(k, report.Missing, reason)
		r.Message = fmt.Sprintf("cannot read %s: %v; restore it from the course repository", graded, errors.Unwrap(err))
		return nil, r
	}
	suiteSrc, err := os.ReadFile(suite)
	if err != nil {
		r := report.NewKata(k, report.Missing, "the kata's files are missing")
		r.Message = fmt.Sprintf("cannot read %s: %v; restore it from the course repository", suite, errors.Unwrap(err))
		return nil, r
	}
	codeHash := hashOf(code)
	defer func() { r.CodeSHA256 = codeHash }()
	if !opts.Force && k.StubSHA256 != "" && codeHash == k.StubSHA256 {
		return nil, report.NewKata(k, report.NotStarted, "not started: the stub is unchanged")
	}

	if err := admit.Kata(k, graded, code, filepath.Join(opts.ModuleDir, pkg)); err != nil {
		r := report.NewKata(k, report.Refused, "refused before compiling")
		r.Message = err.Error() + "\nThe kata's allowed imports and identifiers are in grader/catalog/katas.toml ([admission])."
		r.Score()
		return nil, r
	}
	if opts.RunLimit != nil {
		opts.RunTimeout = opts.RunLimit(k)
	}
	g = &grading{ctx: ctx, k: k, opts: opts, pkg: pkg}
	g.dir = filepath.Join(opts.WorkDir, k.ID)
	snapshot := filepath.Join(g.dir, "src")
	files := map[string][]byte{
		gotest.SentinelFile: []byte(gotest.SentinelSource(k.Package())),
		k.StubFile():        code,
		k.TestFile():        suiteSrc,
	}
	g.overlay = map[string]string{}
	g.sources = map[string]string{filepath.Join(snapshot, k.StubFile()): graded, filepath.Join(snapshot, k.TestFile()): suite}
	err = os.MkdirAll(snapshot, 0o755)
	for name, data := range files {
		if err != nil {
			break
		}
		copied := filepath.Join(snapshot, name)
		err = os.WriteFile(copied, data, 0o644)
		g.overlay[filepath.Join(opts.ModuleDir, pkg, name)] = copied
	}
	if err != nil {
		r := report.NewKata(k, report.Missing, "no scratch directory")
		r.Message = fmt.Sprintf("cannot prepare the scratch folder for the test binaries: %v; "+
			"free some disk space or point TMPDIR at a writable folder", err)
		return nil, r
	}
	if g.tests, err = suiteTestsIn(filepath.Join(snapshot, k.TestFile())); err != nil {
		r := report.NewKata(k, report.CompileError, "the suite cannot be read")
		r.Message = err.Error()
		return nil, r
	}
	g.result = report.NewKata(k, report.Graded, "")
	return g, g.result
}

func hashOf(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

// RunOptions returns the options to run tests of k's test binary bin.
func RunOptions(opts Options, k catalog.Kata, bin string, tests []string, timeout time.Duration) gotest.RunOptions {
	ro := gotest.RunOptions{
		Binary:     bin,
		Dir:        filepath.Join(opts.ModuleDir, k.ExerciseDir()),
		ImportPath: k.ImportPath(),
		Tests:      tests,
		Timeout:    timeout,
	}
	if opts.Sandbox != nil {
		memory := opts.Memory
		if memory == 0 {
			memory = sandbox.DefaultMemory
		}
		ro.Sandbox = opts.Sandbox
		ro.Limits = sandbox.Limits{Memory: memory, CPUTime: 2 * timeout, FileSize: 64 << 20, OpenFiles: 1024}
		lock := sandbox.SharedFile(filepath.Join(os.TempDir(), catalog.SpeedupLock))
		ro.Shared = []sandbox.Bind{{Host: lock, Inside: filepath.Join("/tmp", catalog.SpeedupLock)}}
	}
	return ro
}

// SuiteTests returns the test functions of k's suite by the dimension they
// check, in source order. Tests without a dimension's prefix are left out.
func SuiteTests(moduleDir string, k catalog.Kata) (map[catalog.Dimension][]string, error) {
	return suiteTestsIn(filepath.Join(moduleDir, k.TestPath()))
}

func suiteTestsIn(suite string) (map[catalog.Dimension][]string, error) {
	names, err := gotest.TestNames(suite)
	if err != nil {
		return nil, err
	}
	byDim := map[catalog.Dimension][]string{}
	for _, n := range names {
		if d, ok := catalog.DimensionOfTest(n); ok {
			byDim[d] = append(byDim[d], n)
		}
	}
	return byDim, nil
}

// Binaries builds k's test binaries, with and without the race detector,
// into dir, compiling file in place of the stub. For trusted code only: no
// sentinel is added.
func Binaries(ctx context.Context, k catalog.Kata, opts Options, file, dir string) (race, plain string, err error) {
	pkg := k.ExerciseDir()
	overlay := map[string]string{filepath.Join(opts.ModuleDir, pkg, k.StubFile()): file}
	race, plain = filepath.Join(dir, "race.test"), filepath.Join(dir, "plain.test")
	for _, b := range []struct {
		out  string
		race bool
	}{{race, true}, {plain, false}} {
		release := opts.Gate.Shared()
		err = gotest.Build(ctx, gotest.BuildOptions{ModuleDir: opts.ModuleDir, Package: pkg, Race: b.race, Overlay: overlay, Out: b.out})
		release()
		if err != nil {
			return "", "", err
		}
	}
	return race, plain, nil
}

// grading is the state of grading one kata.
type grading struct {
	ctx     context.Context
	k       catalog.Kata
	opts    Options
	pkg     string
	dir     string
	overlay map[string]string // course path -> snapshot copy
	sources map[string]string // snapshot copy -> the file it was read from
	tests   map[catalog.Dimension][]string
	plain   string // the test binary without -race
	result  report.KataResult
}

func (g *grading) run() report.KataResult {
	// Both binaries are built before any code under test runs, so nothing a
	// run writes can reach a build.
	var raceBin string
	var err error
	if g.opts.OwnCode {
		raceBin, err = g.build(true)
	} else {
		raceBin, g.plain, err = g.buildBoth()
	}
	if err != nil {
		return g.buildFailed(err)
	}
	raceReports, unfinished := 0, 0
	var stalled catalog.Dimension
	for _, d := range []catalog.Dimension{catalog.Correctness, catalog.Ordering, catalog.Timing, catalog.Leaks} {
		if !g.k.Uses(d) {
			continue
		}
		if !g.runs(d) {
			dim := g.result.Dim(d)
			dim.Status, dim.Reason = report.NotJudged, notAsked
			continue
		}
		if stalled != "" {
			dim := g.result.Dim(d)
			dim.Status = report.NotJudged
			dim.Reason = fmt.Sprintf("not judged yet: the %s tests were stopped at the time limit (see them); fix that hang first", stalled)
			continue
		}
		run, ok := g.runDimension(d, raceBin, g.opts.RunTimeout)
		if !ok {
			continue
		}
		if g.opts.StopAfterStall && run.Stalled() {
			stalled = d
		}
		raced := false
		for _, t := range tests(g.tests[d], run) {
			if t.Race {
				raced = true
				if race := g.result.Dim(catalog.Race); g.k.Uses(catalog.Race) {
					t.Status = report.TestRace
					race.Tests = append(race.Tests, t)
				}
			}
		}
		for _, t := range run.Tests {
			if t.Status == gotest.Hung || t.Status == gotest.NotRun {
				unfinished++
			}
		}
		if raced {
			raceReports++
			// The race detector fails the test it fires in; judge the
			// dimension itself again without it.
			if plain, ok := g.plainBinary(d); ok {
				if again, ok := g.runDimension(d, plain, g.opts.RunTimeout); ok {
					run = again
				}
			}
		}
		g.judge(d, run)
	}
	g.judgeRace(raceReports, unfinished)
	g.judgeSpeedup()
	g.result.Score()
	return g.result
}

// notAsked is the reason of a dimension Options.Only leaves out.
const notAsked = "not judged: not asked for"

// judges reports whether dimension d is to be judged (Options.Only).
func (g *grading) judges(d catalog.Dimension) bool {
	return len(g.opts.Only) == 0 || slices.Contains(g.opts.Only, d)
}

// runs reports whether the tests of dimension d must run: to judge d itself,
// race (found in any run), or speedup (measured once correctness passed).
func (g *grading) runs(d catalog.Dimension) bool {
	return g.judges(d) || g.judges(catalog.Race) ||
		(d == catalog.Correctness && g.judges(catalog.Speedup))
}

// step tells opts.Progress, if set, what the grading does now.
func (g *grading) step(what string) {
	if g.opts.Progress != nil {
		g.opts.Progress(g.k, what)
	}
}

func (g *grading) build(race bool) (string, error) {
	g.step("building")
	return g.compile(race)
}

// buildBoth builds the binaries with and without -race side by side.
func (g *grading) buildBoth() (race, plain string, err error) {
	g.step("building")
	var plainErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		plain, plainErr = g.compile(false)
	}()
	race, err = g.compile(true)
	<-done
	if err == nil {
		err = plainErr
	}
	return race, plain, err
}

func (g *grading) compile(race bool) (string, error) {
	name := "plain.test"
	if race {
		name = "race.test"
	}
	out := filepath.Join(g.dir, name)
	defer g.opts.Gate.Shared()()
	return out, gotest.Build(g.ctx, gotest.BuildOptions{
		ModuleDir: g.opts.ModuleDir, Package: g.pkg, Race: race, Overlay: g.overlay, Out: out,
	})
}

// plainBinary returns the test binary without -race, building it now if it
// was left to be built on demand (Options.OwnCode); false means it could not
// be built, and dimension d has been marked failed.
func (g *grading) plainBinary(d catalog.Dimension) (string, bool) {
	if g.plain != "" {
		return g.plain, true
	}
	plain, err := g.build(false)
	if err != nil {
		dim := g.result.Dim(d)
		dim.Status, dim.Reason = report.Fail, "could not build the tests without -race: "+err.Error()
		return "", false
	}
	g.plain = plain
	return plain, true
}

func (g *grading) buildFailed(err error) report.KataResult {
	var be *gotest.BuildError
	if errors.As(err, &be) {
		r := report.NewKata(g.k, report.CompileError, "does not compile")
		r.Message = "does not compile:\n" + g.originalPaths(be.Output)
		r.Score()
		return r
	}
	r := report.NewKata(g.k, report.CompileError, "could not be built")
	r.Message = err.Error()
	r.Score()
	return r
}

// originalPaths names, in compiler output, the files that were compiled
// from the snapshot by the paths they were read from.
func (g *grading) originalPaths(out string) string {
	for copied, original := range g.sources {
		out = strings.ReplaceAll(out, copied, original)
		// The compiler names a file by its path relative to where it ran,
		// the module, when that is shorter (a scratch folder beside it).
		if rel, err := filepath.Rel(g.opts.ModuleDir, copied); err == nil && !filepath.IsAbs(rel) {
			out = strings.ReplaceAll(out, "."+string(filepath.Separator)+rel, original)
			out = strings.ReplaceAll(out, rel, original)
		}
	}
	return out
}

// runDimension runs the tests of d; false means there was nothing to judge
// with, and the dimension has been marked failed.
func (g *grading) runDimension(d catalog.Dimension, bin string, timeout time.Duration) (*gotest.Run, bool) {
	dim := g.result.Dim(d)
	tests := g.tests[d]
	if len(tests) == 0 {
		dim.Status, dim.Reason = report.Fail, fmt.Sprintf("the suite has no %s… test for this dimension", d.TestPrefix())
		return nil, false
	}
	g.step(string(d))
	if d == catalog.Speedup {
		defer g.opts.Gate.Exclusive()()
	} else {
		defer g.opts.Gate.Shared()()
	}
	ro := RunOptions(g.opts, g.k, bin, tests, timeout)
	ro.Sentinel = true
	run, err := gotest.RunTests(g.ctx, ro)
	if err != nil {
		dim.Status, dim.Reason = report.Fail, "could not run the tests: "+err.Error()
		return nil, false
	}
	return run, true
}

// judge sets dimension d from the run of its tests.
func (g *grading) judge(d catalog.Dimension, run *gotest.Run) {
	dim := g.result.Dim(d)
	dim.Tests = tests(g.tests[d], run)
	var bad []string
	for _, t := range dim.Tests {
		if t.Status != report.TestPass {
			bad = append(bad, fmt.Sprintf("%s (%s)", t.Name, t.Status))
		}
	}
	switch {
	case len(bad) > 0:
		dim.Status = report.Fail
		dim.Reason = fmt.Sprintf("%d of %d tests did not pass: %s", len(bad), len(dim.Tests), strings.Join(bad, ", "))
		dim.Reason += runTrouble(run)
	case run.Incomplete:
		dim.Status = report.Fail
		dim.Reason = "every test reported a pass, but the test binary never reached the grader's last test: " +
			"the code under test ended the process early or printed test output of its own"
	case run.ExitCode != 0:
		dim.Status = report.Fail
		dim.Reason = fmt.Sprintf("every test reported a pass, but the test binary exited with status %d: "+
			"the code under test ended the process or printed test output of its own", run.ExitCode)
	default:
		dim.Status = report.Pass
	}
	if dim.Status == report.Fail && crashed(run) {
		if out := packageOutput(run); out != "" {
			g.result.Message = appendMessage(g.result.Message, string(d)+" run: "+out)
		}
	}
}

// crashed reports whether the run ended without every test ending: a panic,
// a deadlock, a time-out or an exit.
func crashed(run *gotest.Run) bool {
	for _, t := range run.Tests {
		if t.Status == gotest.Hung || t.Status == gotest.NotRun {
			return true
		}
	}
	return run.TimedOut || run.OutputLimit || run.Memory > 0
}

// packageOutput is what the binary printed outside any test, without go test's summary lines.
func packageOutput(run *gotest.Run) string {
	var keep []string
	for _, l := range run.Output {
		t := strings.TrimSpace(l)
		if t == "" || t == "PASS" || t == "FAIL" || strings.HasPrefix(t, "ok ") || strings.HasPrefix(t, "FAIL\t") {
			continue
		}
		keep = append(keep, l)
	}
	return strings.Join(keep, "\n")
}

func runTrouble(run *gotest.Run) string {
	switch {
	case run.Memory > 0:
		return fmt.Sprintf("; the run was stopped for using %d MiB of memory, more than it may", run.Memory>>20)
	case run.TimedOut:
		return "; the run was stopped at its time limit (a hang or a deadlock)"
	case run.OutputLimit:
		return "; the run was stopped for printing too much"
	}
	return ""
}

func appendMessage(msg, more string) string {
	if msg == "" {
		return more
	}
	return msg + "\n" + more
}

// tests turns a run's results into report tests, in suite order.
func tests(names []string, run *gotest.Run) []report.Test {
	var out []report.Test
	for _, n := range names {
		t := run.Tests[n]
		rt := report.Test{Name: n, Status: report.TestStatus(t.Status), Race: t.Race}
		if t.Status != gotest.Passed {
			// go-cmp's diffs use non-breaking spaces at random, so that no one
			// relies on their layout; plain spaces keep reports comparable.
			rt.Output = strings.ReplaceAll(dedent(t.Output), "\u00a0", " ")
		}
		out = append(out, rt)
	}
	return out
}

// Reasons that tell why a dimension was lost: on its own evidence (a race
// report), or only because another dimension failed first (not measured).
const (
	RaceReported = "the race detector reported a data race"
	NotMeasured  = "not measured"
)

func (g *grading) judgeRace(raceReports, unfinished int) {
	if !g.k.Uses(catalog.Race) {
		return
	}
	dim := g.result.Dim(catalog.Race)
	switch {
	case !g.judges(catalog.Race):
		dim.Status, dim.Reason = report.NotJudged, notAsked
	case raceReports > 0:
		dim.Status, dim.Reason = report.Fail, RaceReported+" (see the failing tests' output)"
	case g.result.Dim(catalog.Correctness).Status != report.Pass:
		dim.Status, dim.Reason = report.NotJudged, "not judged yet: race-freedom counts once the correctness tests pass"
	case unfinished > 0:
		dim.Status, dim.Reason = report.Fail, fmt.Sprintf("not proven: %d tests did not finish under -race", unfinished)
	default:
		dim.Status = report.Pass
	}
}

func (g *grading) judgeSpeedup() {
	if !g.k.Uses(catalog.Speedup) {
		return
	}
	dim := g.result.Dim(catalog.Speedup)
	if g.opts.SkipSpeedup || !g.judges(catalog.Speedup) {
		dim.Status, dim.Reason = report.NotJudged, NotMeasured+": skipped on request"
		return
	}
	if g.result.Dim(catalog.Correctness).Status != report.Pass {
		dim.Status, dim.Reason = report.NotJudged, NotMeasured+" yet: the speedup is measured once the correctness tests pass"
		return
	}
	plain, ok := g.plainBinary(catalog.Speedup)
	if !ok {
		return
	}
	run, ok := g.runDimension(catalog.Speedup, plain, g.opts.SpeedupTimeout)
	if !ok {
		return
	}
	dim.Tests = tests(g.tests[catalog.Speedup], run)
	for _, n := range g.tests[catalog.Speedup] {
		if fig := parseSpeedup(run.Tests[n].Output); fig != nil && g.result.Speedup == nil {
			g.result.Speedup = fig
		}
	}
	g.judge(catalog.Speedup, run)
	if dim.Status == report.Pass || run.ExitCode != 0 {
		return
	}
	// Every test ended; the ones that did not pass were skipped. A skip counts
	// as "not measurable" only when the harness said so.
	for _, t := range dim.Tests {
		if t.Status == report.TestSkip && !protocol.IsNotMeasurable(t.Output) {
			dim.Reason = "skipped without a measurement: " + lastLine(t.Output)
			return
		}
		if t.Status != report.TestPass && t.Status != report.TestSkip {
			return
		}
	}
	dim.Status = report.NotMeasurable
	dim.Reason = protocol.NotMeasurable + ": the machine could not show parallelism during the measurement"
	for _, t := range dim.Tests {
		if i := strings.Index(t.Output, protocol.NotMeasurable); i >= 0 {
			dim.Reason = lastLine(t.Output[i:])
		}
	}
}

func parseSpeedup(lines []string) *report.SpeedupFigure {
	for _, l := range lines {
		if s, ok := protocol.ParseSpeedup(l); ok {
			return &report.SpeedupFigure{Speedup: s.Speedup, CPUs: s.CPUs, Bar: s.Bar, Machine: s.Machine}
		}
	}
	return nil
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndex(s, "\n"); i >= 0 {
		s = s[i+1:]
	}
	return strings.TrimSpace(s)
}

// dedent removes the indentation that all non-empty lines share.
func dedent(lines []string) string {
	common := -1
	for _, l := range lines {
		if strings.TrimSpace(l) == "" {
			continue
		}
		n := len(l) - len(strings.TrimLeft(l, " \t"))
		if common < 0 || n < common {
			common = n
		}
	}
	out := make([]string, len(lines))
	for i, l := range lines {
		if len(l) >= common && common > 0 {
			l = l[common:]
		}
		out[i] = l
	}
	return strings.Join(out, "\n")
}
