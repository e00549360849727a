// Package verify proves, for instructors and for make check, that the course
// is sound: every reference solution earns full marks, every stub fails its
// correctness tests, every mutant loses a dimension its first line names, and
// every dimension a kata scores is caught by at least one mutant.
package verify

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/gotest"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/report"
)

// Verdict is the outcome of one check.
type Verdict string

const (
	OK       Verdict = "ok"
	Failed   Verdict = "FAILED"
	Unproven Verdict = "unproven" // only a "not measurable" speedup stood in the way
)

// Check is one line of the verification table.
type Check struct {
	Kata    string
	Subject string // "solution", "stub", "mutant NAME", "suite", "catalog"
	Want    string
	Got     string
	Verdict Verdict

	// A mutant's check keeps the dimensions it lost and those it could not
	// be measured in, for the coverage check.
	caught, unmeasured map[catalog.Dimension]bool
}

// A Mutant is a known-wrong variant of a solution.
type Mutant struct {
	Name     string              // its folder name
	Path     string              // its source file
	What     string              // what is wrong, from its first line
	CaughtBy []catalog.Dimension // from its first line
}

// mutantLine is the required first line of a mutant.
var mutantLine = regexp.MustCompile(`^// Mutant: (.+)\. Caught by: ([a-z]+(?:, [a-z]+)*)\.$`)

// ParseMutantLine reads a mutant's first line.
func ParseMutantLine(line string) (what string, dims []catalog.Dimension, err error) {
	m := mutantLine.FindStringSubmatch(strings.TrimRight(line, "\r"))
	if m == nil {
		return "", nil, fmt.Errorf("first line must read `// Mutant: <what is wrong>. Caught by: <dimension>[, <dimension>].`, not %q", line)
	}
	for _, name := range strings.Split(m[2], ", ") {
		d, err := catalog.ParseDimension(name)
		if err != nil {
			return "", nil, err
		}
		dims = append(dims, d)
	}
	return m[1], dims, nil
}

// Mutants lists the mutants of kata k under moduleDir, sorted by name.
func Mutants(moduleDir string, k catalog.Kata) ([]Mutant, error) {
	dir := filepath.Join(moduleDir, k.MutantsDir())
	entries, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var ms []Mutant
	for _, e := range entries {
		if !e.IsDir() {
			continue
		}
		path := filepath.Join(dir, e.Name(), k.StubFile())
		line, err := firstLine(path)
		if err != nil {
			return nil, fmt.Errorf("mutant %s of %s: %w", e.Name(), k.ID, err)
		}
		what, dims, err := ParseMutantLine(line)
		if err != nil {
			return nil, fmt.Errorf("mutant %s of %s: %w", e.Name(), k.ID, err)
		}
		ms = append(ms, Mutant{Name: e.Name(), Path: path, What: what, CaughtBy: dims})
	}
	return ms, nil
}

func firstLine(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	s.Scan()
	return s.Text(), s.Err()
}

// Progress receives a line as each check starts; nil is fine.
type Progress func(format string, args ...any)

// Kata runs every check of one kata. opts are the grading options; verify
// sets Stub and Force itself.
func Kata(ctx context.Context, k catalog.Kata, opts grade.Options, progress Progress) []Check {
	if progress == nil {
		progress = func(string, ...any) {}
	}
	// Everything verify grades is the project's own code.
	opts.OwnCode = true
	var checks []Check
	add := func(subject, want, got string, v Verdict) {
		checks = append(checks, Check{Kata: k.ID, Subject: subject, Want: want, Got: got, Verdict: v})
	}

	add(stubHashCheck(opts.ModuleDir, k))
	add(suiteCheck(opts.ModuleDir, k))
	add(filesCheck(opts.ModuleDir, k))
	progress("%s: solution", k.ID)
	add(solutionCheck(ctx, k, opts))
	progress("%s: stub", k.ID)
	add(stubCheck(ctx, k, opts))

	// Every mutant loses a dimension it names, and every dimension is caught.
	mutants, err := Mutants(opts.ModuleDir, k)
	if err != nil {
		add("mutants", "well-formed mutants", err.Error(), Failed)
		return checks
	}
	for _, m := range mutants {
		progress("%s: mutant %s", k.ID, m.Name)
		checks = append(checks, checkMutant(ctx, k, opts, m))
	}
	checks = append(checks, coverageCheck(k, mutants, checks))
	return checks
}

// Again runs once more the checks of kata k that are unproven, that is the
// gradings of its solution and mutants whose speedup was not measurable, and
// then the coverage of its mutants; every other check comes back as it was.
// Verify calls it once every kata is done, when its own work no longer
// crowds the machine.
func Again(ctx context.Context, k catalog.Kata, opts grade.Options, checks []Check, progress Progress) []Check {
	if progress == nil {
		progress = func(string, ...any) {}
	}
	opts.OwnCode = true
	mutants, err := Mutants(opts.ModuleDir, k)
	if err != nil {
		return checks
	}
	out := slices.Clone(checks)
	coverageAt := -1
	for i, c := range out {
		if c.Kata != k.ID {
			continue
		}
		if c.Subject == "mutants" && c.Want == coverageWant {
			coverageAt = i
		}
		if c.Verdict != Unproven || ctx.Err() != nil {
			continue
		}
		switch name, isMutant := strings.CutPrefix(c.Subject, "mutant "); {
		case c.Subject == "solution":
			progress("%s: solution, measured again", k.ID)
			subject, want, got, v := solutionCheck(ctx, k, opts)
			out[i] = Check{Kata: k.ID, Subject: subject, Want: want, Got: got + againNote, Verdict: v}
		case isMutant:
			if j := slices.IndexFunc(mutants, func(m Mutant) bool { return m.Name == name }); j >= 0 {
				progress("%s: mutant %s, measured again", k.ID, name)
				out[i] = checkMutant(ctx, k, opts, mutants[j])
				out[i].Got += againNote
			}
		}
	}
	if coverageAt >= 0 && out[coverageAt].Verdict == Unproven {
		out[coverageAt] = coverageCheck(k, mutants, out)
	}
	return out
}

// againNote marks a check that Again ran once more.
const againNote = " (measured again after the other checks)"

// coverageWant is what the coverage check asks.
const coverageWant = "every dimension caught"

// checkMutant is mutantCheck as a Check that keeps what the mutant lost.
func checkMutant(ctx context.Context, k catalog.Kata, opts grade.Options, m Mutant) Check {
	caught, unmeasured := map[catalog.Dimension]bool{}, map[catalog.Dimension]bool{}
	subject, want, got, v := mutantCheck(ctx, k, opts, m, caught, unmeasured)
	return Check{Kata: k.ID, Subject: subject, Want: want, Got: got, Verdict: v, caught: caught, unmeasured: unmeasured}
}

// coverageCheck judges the coverage of k's mutants from their checks.
func coverageCheck(k catalog.Kata, mutants []Mutant, checks []Check) Check {
	caught, unmeasured := map[catalog.Dimension]bool{}, map[catalog.Dimension]bool{}
	for _, c := range checks {
		if c.Kata != k.ID {
			continue
		}
		for d, ok := range c.caught {
			caught[d] = caught[d] || ok
		}
		for d, ok := range c.unmeasured {
			unmeasured[d] = unmeasured[d] || ok
		}
	}
	covered, verdict := coverage(k.UsedDimensions(), mutants, caught, unmeasured)
	return Check{Kata: k.ID, Subject: "mutants", Want: coverageWant, Got: covered, Verdict: verdict}
}

// stubHashCheck checks the catalog's record of the shipped stub.
func stubHashCheck(moduleDir string, k catalog.Kata) (subject, want, got string, v Verdict) {
	subject, want = "catalog", "stub_sha256 matches the stub"
	h, err := grade.StubHash(filepath.Join(moduleDir, k.StubPath()))
	switch {
	case err != nil:
		return subject, want, err.Error(), Failed
	case h != k.StubSHA256:
		return subject, want, fmt.Sprintf(`differs: set stub_sha256 = "%s" in katas.toml`, h), Failed
	}
	return subject, want, "matches", OK
}

// solutionCheck grades the reference solution, which must earn every point.
func solutionCheck(ctx context.Context, k catalog.Kata, opts grade.Options) (subject, want, got string, v Verdict) {
	r := gradeWith(ctx, k, opts, filepath.Join(opts.ModuleDir, k.SolutionPath()))
	v, got = OK, "full marks"
	for _, d := range r.Dimensions {
		switch d.Status {
		case report.Fail:
			v, got = Failed, fmt.Sprintf("%s failed: %s", d.Name, d.Reason)
		case report.NotMeasurable:
			if v == OK {
				v, got = Unproven, "speedup not measurable here"
			}
		}
		if v == Failed {
			break
		}
	}
	if r.Status != report.Graded && v == OK {
		v, got = Failed, string(r.Status)+": "+r.Message
	}
	return "solution", "full marks", got + figure(r), v
}

// stubCheck grades the shipped stub, whose correctness tests must fail.
func stubCheck(ctx context.Context, k catalog.Kata, opts grade.Options) (subject, want, got string, v Verdict) {
	opts.Force, opts.Only = true, []catalog.Dimension{catalog.Correctness}
	r := grade.Kata(ctx, k, opts)
	if c := r.Dim(catalog.Correctness); c != nil && c.Status == report.Fail {
		return "stub", "correctness fails", fmt.Sprintf("fails (%d/%d points)", r.Points, r.MaxPoints), OK
	}
	return "stub", "correctness fails", fmt.Sprintf("correctness passed (%d/%d points)", r.Points, r.MaxPoints), Failed
}

// MutantTries is how many times verify grades a mutant that loses nothing
// before it says so. Some mistakes show only when goroutines meet at the
// right instant, which a machine busy with other work makes rarer; a catch
// at a later grading is reported as one that needs luck, and verify --stress
// measures how often each mutant is caught.
const MutantTries = 3

// mutantCheck grades mutant m, judging only the dimensions it names: it must
// lose one of them on that dimension's own evidence. It records in caught the
// dimensions it lost, and in unmeasured those it could not be measured in.
func mutantCheck(ctx context.Context, k catalog.Kata, opts grade.Options, m Mutant, caught, unmeasured map[catalog.Dimension]bool) (subject, want, got string, v Verdict) {
	subject, want = "mutant "+m.Name, "loses "+joinDims(m.CaughtBy)
	opts.Only = m.CaughtBy // a speedup, which needs the machine alone, is measured only when named
	var r report.KataResult
	var lost, notMeasured []string
	try := 1
	for ; ; try++ {
		r = gradeWith(ctx, k, opts, m.Path)
		for _, d := range m.CaughtBy {
			switch dim := r.Dim(d); {
			case dim.Status == report.Fail && lostOnItsOwn(d, dim):
				lost = append(lost, string(d))
				caught[d] = true
			case dim.Status == report.NotMeasurable:
				notMeasured = append(notMeasured, string(d))
				unmeasured[d] = true
			}
		}
		if len(lost) > 0 || len(notMeasured) > 0 || r.Status != report.Graded || try == MutantTries || ctx.Err() != nil {
			break
		}
	}
	switch {
	case r.Status != report.Graded:
		return subject, want, string(r.Status) + ": a mutant must compile", Failed
	case len(lost) > 0 && try > 1:
		return subject, want, fmt.Sprintf("lost %s at grading %d of %d: a catch that needs luck (verify --stress measures its rate)%s",
			strings.Join(lost, ", "), try, MutantTries, figure(r)), OK
	case len(lost) > 0:
		return subject, want, "lost " + strings.Join(lost, ", ") + figure(r), OK
	case len(notMeasured) > 0:
		return subject, want, "not measurable here: " + strings.Join(notMeasured, ", ") + figure(r), Unproven
	}
	var secondHand []string
	for _, d := range m.CaughtBy {
		if dim := r.Dim(d); dim.Status == report.Fail || dim.Status == report.NotJudged {
			secondHand = append(secondHand, fmt.Sprintf("%s only as a consequence (%s)", d, dim.Reason))
		}
	}
	got = fmt.Sprintf("lost none of them in %d gradings (%d/%d points)%s", try, r.Points, r.MaxPoints, figure(r))
	if len(secondHand) > 0 {
		got += "; lost " + strings.Join(secondHand, "; ")
	}
	return subject, want, got, Failed
}

// coverage judges whether the mutants cover every dimension the kata scores:
// each must be named by a mutant and lost by one on its own evidence. A
// dimension that no mutant lost, but that some mutant could not be measured
// in (a speedup this machine could not show), is unproven, not failed.
func coverage(used []catalog.Dimension, mutants []Mutant, caught, unmeasured map[catalog.Dimension]bool) (string, Verdict) {
	var uncovered, unproven []string
	for _, d := range used {
		named := slices.ContainsFunc(mutants, func(m Mutant) bool { return slices.Contains(m.CaughtBy, d) })
		switch {
		case !named:
			uncovered = append(uncovered, string(d)+" (no mutant names it)")
		case caught[d]:
		case unmeasured[d]:
			unproven = append(unproven, string(d))
		default:
			uncovered = append(uncovered, string(d)+" (no mutant lost it)")
		}
	}
	switch {
	case len(uncovered) > 0:
		return "uncaught: " + strings.Join(uncovered, "; "), Failed
	case len(unproven) > 0:
		return "not measurable here: no mutant could be measured losing " + strings.Join(unproven, ", "), Unproven
	}
	return fmt.Sprintf("%d mutants cover %s", len(mutants), joinDims(used)), OK
}

// lostOnItsOwn reports whether a failed dimension failed on its own evidence.
// Race is lost for any mutant whose correctness fails, and speedup is not
// measured then; neither proves that the race detector or the measurement
// would have caught the mutant, so neither counts as a catch.
func lostOnItsOwn(d catalog.Dimension, dim *report.Dimension) bool {
	switch d {
	case catalog.Race:
		return strings.HasPrefix(dim.Reason, grade.RaceReported)
	case catalog.Speedup:
		return !strings.HasPrefix(dim.Reason, grade.NotMeasured)
	}
	return true
}

func gradeWith(ctx context.Context, k catalog.Kata, opts grade.Options, file string) report.KataResult {
	opts.Stub = func(catalog.Kata) string { return file }
	return grade.Kata(ctx, k, opts)
}

func figure(r report.KataResult) string {
	if r.Speedup == nil {
		return ""
	}
	return fmt.Sprintf(" [speedup %.2fx, machine %.2fx]", r.Speedup.Speedup, r.Speedup.Machine)
}

func joinDims(ds []catalog.Dimension) string {
	s := make([]string, len(ds))
	for i, d := range ds {
		s[i] = string(d)
	}
	return strings.Join(s, ", ")
}

// filesCheck checks that the kata's folders hold only what the course
// expects, so a file left behind (a second solution, an editor's copy, a
// mutant with two files) cannot change what is compiled or graded unnoticed:
// the exercise holds the stub, its suite and README.md; the solution holds the
// solution, mutants/ (one folder per mutant, each with one file named like
// the stub), and optionally equivalent.txt and testdata/.
func filesCheck(moduleDir string, k catalog.Kata) (subject, want, got string, v Verdict) {
	subject, want = "files", "only the kata's own files"
	allowed := map[string][]string{
		k.ExerciseDir(): {k.StubFile(), k.TestFile(), "README.md"},
		k.SolutionDir(): {k.StubFile(), "mutants", "testdata"},
		k.MutantsDir():  nil, // mutant folders and equivalent.txt, checked below
	}
	var stray []string
	for _, dir := range slices.Sorted(maps.Keys(allowed)) {
		entries, err := os.ReadDir(filepath.Join(moduleDir, dir))
		if err != nil {
			if os.IsNotExist(err) && strings.HasSuffix(dir, "mutants") {
				continue
			}
			return subject, want, err.Error(), Failed
		}
		for _, e := range entries {
			name := filepath.Join(dir, e.Name())
			switch {
			case strings.HasSuffix(dir, "mutants"):
				if e.Name() == "equivalent.txt" && !e.IsDir() {
					continue
				}
				if !e.IsDir() {
					stray = append(stray, name)
					continue
				}
				inside, err := os.ReadDir(filepath.Join(moduleDir, name))
				if err != nil {
					return subject, want, err.Error(), Failed
				}
				for _, f := range inside {
					if f.Name() != k.StubFile() {
						stray = append(stray, filepath.Join(name, f.Name()))
					}
				}
			case !slices.Contains(allowed[dir], e.Name()):
				stray = append(stray, name)
			}
		}
	}
	if len(stray) > 0 {
		return subject, want, "stray: " + strings.Join(stray, ", ") + " (remove them, or move them out of the kata's folders)", Failed
	}
	return subject, want, "none stray", OK
}

// suiteCheck checks that the suite's tests map onto the kata's dimensions:
// every test has a dimension's prefix, every used dimension but race has a
// test, and no test checks a dimension the kata does not score.
func suiteCheck(moduleDir string, k catalog.Kata) (subject, want, got string, v Verdict) {
	subject, want = "suite", "a test per dimension, each named by its prefix"
	names, err := gotest.TestNames(filepath.Join(moduleDir, k.TestPath()))
	if err != nil {
		return subject, want, err.Error(), Failed
	}
	has := map[catalog.Dimension]int{}
	var problems []string
	for _, n := range names {
		d, ok := catalog.DimensionOfTest(n)
		switch {
		case !ok:
			problems = append(problems, n+" has no dimension prefix, so the grader never runs it")
		case !k.Uses(d):
			problems = append(problems, fmt.Sprintf("%s checks %s, which the kata does not score", n, d))
		default:
			has[d]++
		}
	}
	for _, d := range k.UsedDimensions() {
		if d != catalog.Race && has[d] == 0 {
			problems = append(problems, fmt.Sprintf("no %s… test for %s", d.TestPrefix(), d))
		}
	}
	if len(problems) > 0 {
		return subject, want, strings.Join(problems, "; "), Failed
	}
	return subject, want, fmt.Sprintf("%d tests", len(names)), OK
}

// WriteTable prints the checks and returns how many failed and how many are unproven.
func WriteTable(w io.Writer, checks []Check) (failed, unproven int) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KATA\tSUBJECT\tEXPECTED\tVERDICT\tRESULT")
	for _, c := range checks {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", c.Kata, c.Subject, c.Want, c.Verdict, c.Got)
		switch c.Verdict {
		case Failed:
			failed++
		case Unproven:
			unproven++
		}
	}
	tw.Flush()
	return failed, unproven
}
