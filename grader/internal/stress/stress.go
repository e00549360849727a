// Package stress repeats the course's own tests to find what a single
// verification cannot: a test of a reference solution that fails now and then
// (a flake that would cost an honest student points), and a mutant that
// escapes now and then (a check that does not always bite).
package stress

import (
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/gotest"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/verify"
	"github.com/deli-katas/deli/grader/protocol"
)

// Options says how often to repeat what.
type Options struct {
	// Grade gives the repository, the scratch folder, the time limits and
	// the gate shared with katas stressed at the same time.
	Grade grade.Options
	// Runs repeats each solution's suite, once plain and once under -race.
	Runs int
	// MutantRuns repeats the tests each mutant names as catching it; 0
	// leaves the mutants out.
	MutantRuns int
	// SpeedupRuns repeats the speedup tests, of solutions and of mutants
	// that name speedup; 0 leaves speedup out.
	SpeedupRuns int
}

// Line is one row of the stress table.
type Line struct {
	Kata    string
	Subject string // "solution", "solution -race", "solution speedup", "mutant NAME"
	Check   string // a test's name, "every test", or "caught by DIMS"
	Runs    int
	Bad     int // runs a solution's test did not pass, or a mutant escaped
	Verdict verify.Verdict
	Note    string
}

// Result says how a Line came out, in a few words.
func (l Line) Result() string {
	switch {
	case strings.HasPrefix(l.Subject, "mutant") && l.Runs > 0:
		return fmt.Sprintf("caught %d/%d", l.Runs-l.Bad, l.Runs)
	case l.Runs > 0:
		return fmt.Sprintf("failed %d/%d", l.Bad, l.Runs)
	}
	return ""
}

// chunk is the most iterations one process runs: a process that dies costs
// at most the rest of its chunk, and its time limit stays short.
const chunk = 20

// Kata stresses one kata's solution and mutants.
func Kata(ctx context.Context, k catalog.Kata, opts Options, progress verify.Progress) []Line {
	if progress == nil {
		progress = func(string, ...any) {}
	}
	s := &stresser{ctx: ctx, k: k, opts: opts, progress: progress}
	tests, err := grade.SuiteTests(opts.Grade.ModuleDir, k)
	if err != nil {
		return []Line{{Kata: k.ID, Subject: "suite", Verdict: verify.Failed, Note: err.Error()}}
	}
	s.tests = tests
	progress("%s: solution", k.ID)
	s.solution()
	if opts.MutantRuns == 0 {
		return s.lines
	}
	mutants, err := verify.Mutants(opts.Grade.ModuleDir, k)
	if err != nil {
		s.add(Line{Subject: "mutants", Verdict: verify.Failed, Note: err.Error()})
	}
	for _, m := range mutants {
		if ctx.Err() != nil {
			break
		}
		progress("%s: mutant %s", k.ID, m.Name)
		s.mutant(m)
	}
	return s.lines
}

type stresser struct {
	ctx      context.Context
	k        catalog.Kata
	opts     Options
	progress verify.Progress
	tests    map[catalog.Dimension][]string
	lines    []Line
	// perRun is how long one run of the solution's tests took under -race:
	// a mutant's process gets a time limit in proportion, so a mutant that
	// hangs costs seconds per run, not the grader's minute.
	perRun time.Duration
}

// mutantTimeout is the time limit of a process running a mutant's tests
// count times: generous against the solution, at least minMutantTimeout.
func (s *stresser) mutantTimeout(count int) time.Duration {
	return min(max(minMutantTimeout, 20*s.perRun*time.Duration(count)), time.Duration(count)*s.opts.Grade.RunTimeout)
}

const minMutantTimeout = 10 * time.Second

func (s *stresser) add(l Line) {
	l.Kata = s.k.ID
	s.lines = append(s.lines, l)
}

// functional lists the tests of every dimension but speedup, in report order.
func (s *stresser) functional() []string {
	var ts []string
	for _, d := range catalog.Dimensions {
		if d != catalog.Speedup {
			ts = append(ts, s.tests[d]...)
		}
	}
	return ts
}

func (s *stresser) build(subject, file string) (race, plain string, ok bool) {
	dir := filepath.Join(s.opts.Grade.WorkDir, s.k.ID, strings.ReplaceAll(subject, " ", "-"))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		s.add(Line{Subject: subject, Verdict: verify.Failed, Note: err.Error()})
		return "", "", false
	}
	race, plain, err := grade.Binaries(s.ctx, s.k, s.opts.Grade, file, dir)
	if err != nil {
		s.add(Line{Subject: subject, Verdict: verify.Failed, Note: "does not build: " + err.Error()})
		return "", "", false
	}
	return race, plain, true
}

func (s *stresser) solution() {
	file := filepath.Join(s.opts.Grade.ModuleDir, s.k.SolutionPath())
	race, plain, ok := s.build("solution", file)
	if !ok {
		return
	}
	tests := s.functional()
	s.solutionRuns("solution", plain, tests, s.opts.Runs, chunk)
	start := time.Now()
	s.solutionRuns("solution -race", race, tests, s.opts.Runs, chunk)
	s.perRun = time.Since(start) / time.Duration(max(s.opts.Runs, 1))
	if st := s.tests[catalog.Speedup]; len(st) > 0 && s.opts.SpeedupRuns > 0 {
		s.solutionRuns("solution speedup", plain, st, s.opts.SpeedupRuns, s.opts.SpeedupRuns)
	}
}

// solutionRuns repeats tests and adds a line for every test that ever
// failed, or one line saying none did.
func (s *stresser) solutionRuns(subject, bin string, tests []string, runs, perProcess int) {
	its, extra := s.repeat(bin, tests, runs, perProcess, 0)
	clean := true
	for _, name := range tests {
		bad, unmeasured, note := 0, 0, ""
		for _, it := range its {
			occ, ran := it[name]
			switch {
			case ran && occ.Status == gotest.Passed && !occ.Race:
				continue
			case ran && occ.Status == gotest.Skipped && notMeasurable(occ):
				unmeasured++
				continue
			}
			bad++
			if note == "" {
				note = describe(occ, ran, extra)
			}
		}
		if bad > 0 {
			clean = false
			s.add(Line{Subject: subject, Check: name, Runs: len(its), Bad: bad, Verdict: verify.Failed, Note: note})
		} else if unmeasured > 0 {
			s.add(Line{Subject: subject, Check: name, Runs: len(its), Verdict: verify.Unproven,
				Note: fmt.Sprintf("%d of %d runs not measurable here", unmeasured, len(its))})
			clean = false
		}
	}
	if clean {
		s.add(Line{Subject: subject, Check: fmt.Sprintf("every test (%d)", len(tests)), Runs: len(its), Verdict: verify.OK})
	}
}

func (s *stresser) mutant(m verify.Mutant) {
	race, plain, ok := s.build("mutant "+m.Name, m.Path)
	if !ok {
		return
	}
	// caught[i] and unmeasured[i] say how iteration i of each dimension went.
	var caught, unmeasured []bool
	mark := func(i int, c, u bool) {
		for len(caught) <= i {
			caught, unmeasured = append(caught, false), append(unmeasured, false)
		}
		caught[i] = caught[i] || c
		unmeasured[i] = unmeasured[i] || u
	}
	var per []string
	for _, d := range m.CaughtBy {
		var its []iteration
		switch d {
		case catalog.Race:
			// The race detector reports each race once per process: one
			// process per run.
			its, _ = s.repeat(race, s.functional(), s.opts.MutantRuns, 1, s.mutantTimeout(1)*10)
		case catalog.Speedup:
			if s.opts.SpeedupRuns == 0 {
				per = append(per, "speedup not stressed")
				continue
			}
			its, _ = s.repeat(plain, s.tests[d], s.opts.SpeedupRuns, s.opts.SpeedupRuns, 0)
		default:
			// Grading judges these dimensions on the -race binary (unless
			// the race detector fires), so they are repeated on it too.
			its, _ = s.repeat(race, s.tests[d], s.opts.MutantRuns, chunk, s.mutantTimeout(chunk))
		}
		n := 0
		for i, it := range its {
			c, u := catches(d, it, s.tests[d])
			mark(i, c, u)
			if c {
				n++
			}
		}
		per = append(per, fmt.Sprintf("%s %d/%d", d, n, len(its)))
	}
	l := Line{Subject: "mutant " + m.Name, Check: "caught by " + joinDims(m.CaughtBy), Runs: len(caught), Note: strings.Join(per, ", ")}
	undecided := 0
	for i := range caught {
		switch {
		case caught[i]:
		case unmeasured[i]:
			undecided++
		default:
			l.Bad++
		}
	}
	switch {
	case l.Bad > 0:
		l.Verdict = verify.Failed
	case undecided > 0 || l.Runs == 0:
		l.Verdict = verify.Unproven
		l.Note += fmt.Sprintf("; %d runs not measurable here", undecided)
	default:
		l.Verdict = verify.OK
	}
	s.add(l)
}

// catches reports whether one iteration of d's tests caught the mutant, and
// whether it could not tell (a speedup that was not measurable).
func catches(d catalog.Dimension, it iteration, tests []string) (caught, unmeasured bool) {
	if d == catalog.Race {
		for _, occ := range it {
			if occ.Race {
				return true, false
			}
		}
		return false, false
	}
	for _, name := range tests {
		occ, ran := it[name]
		switch {
		case !ran, occ.Status == gotest.Failed, occ.Status == gotest.Hung:
			return true, false
		case occ.Status == gotest.Skipped && d == catalog.Speedup && notMeasurable(occ):
			unmeasured = true
		case occ.Status != gotest.Passed && d != catalog.Speedup:
			return true, false
		}
	}
	return false, unmeasured
}

// iteration is one run of a set of tests: each test's occurrence in it.
type iteration map[string]gotest.Occurrence

// repeat runs tests runs times, at most perProcess in one process, and
// returns what each iteration did, with the output of processes that died.
// A process that dies is followed by another for the iterations left. Each
// process has timeout, or (if 0) the grader's own limits.
func (s *stresser) repeat(bin string, tests []string, runs, perProcess int, timeout time.Duration) ([]iteration, []string) {
	speedup := slices.ContainsFunc(tests, func(n string) bool { d, _ := catalog.DimensionOfTest(n); return d == catalog.Speedup })
	var its []iteration
	var extra []string
	for len(its) < runs && s.ctx.Err() == nil {
		count := min(perProcess, runs-len(its))
		limit := timeout
		switch {
		case limit > 0:
		case speedup:
			limit = time.Duration(count) * s.opts.Grade.SpeedupTimeout
		default:
			limit = 5 * s.opts.Grade.RunTimeout
		}
		ro := grade.RunOptions(s.opts.Grade, s.k, bin, tests, limit)
		var release func()
		if speedup {
			release = s.opts.Grade.Gate.Exclusive()
		} else {
			release = s.opts.Grade.Gate.Shared()
		}
		r, err := gotest.RunRepeated(s.ctx, ro, count)
		release()
		if err != nil {
			extra = append(extra, err.Error())
			its = append(its, iteration{}) // counts as a run in which nothing passed
			continue
		}
		n := r.Iterations()
		if n < count && timeout > 0 {
			// It died or hung: go on one run per process, so the next
			// hang costs one short time limit, not a chunk's.
			perProcess, timeout = 1, max(timeout/time.Duration(count), minMutantTimeout)
		}
		for i := range max(n, 1) {
			it := iteration{}
			for name, occ := range r.Tests {
				if i < len(occ) {
					it[name] = occ[i]
				}
			}
			its = append(its, it)
		}
		if n < count {
			extra = append(extra, r.Output...)
		}
	}
	return its, extra
}

func notMeasurable(occ gotest.Occurrence) bool {
	return slices.ContainsFunc(occ.Output, protocol.IsNotMeasurable)
}

// describe says in one line what went wrong in a run of a test.
func describe(occ gotest.Occurrence, ran bool, extra []string) string {
	if !ran {
		return "not run: the process died before it" + firstLine(extra)
	}
	what := string(occ.Status)
	if occ.Race {
		what = "data race"
	}
	return what + firstLine(occ.Output)
}

// firstLine returns ": " and the first telling line of out, or "".
func firstLine(out []string) string {
	for _, l := range out {
		l = strings.TrimSpace(l)
		if l != "" && !strings.HasPrefix(l, "=== ") && !strings.HasPrefix(l, "Error Trace:") {
			if len(l) > 160 {
				l = l[:160] + "…"
			}
			return ": " + l
		}
	}
	return ""
}

func joinDims(ds []catalog.Dimension) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = string(d)
	}
	return strings.Join(s, ", ")
}

// WriteTable prints the lines and returns how many failed and how many are unproven.
func WriteTable(w io.Writer, lines []Line) (failed, unproven int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KATA\tSUBJECT\tCHECK\tVERDICT\tRESULT\tNOTE")
	for _, l := range lines {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", l.Kata, l.Subject, l.Check, l.Verdict, l.Result(), l.Note)
		switch l.Verdict {
		case verify.Failed:
			failed++
		case verify.Unproven:
			unproven++
		}
	}
	tw.Flush()
	return failed, unproven
}
