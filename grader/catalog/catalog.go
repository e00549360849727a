// Package catalog is the single source of truth for Deli's katas: their order,
// module, title, rubric, speedup bar and hints. The data lives in katas.toml,
// embedded in every binary that imports this package, so the grader and the
// test harness inside each kata's suite read the same values.
package catalog

import (
	_ "embed"
	"fmt"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
)

//go:embed katas.toml
var katasTOML string

// ModulePath is the course's Go module; a kata's package is
// ModulePath/exercises/ID.
const ModulePath = "github.com/deli-katas/deli"

// SpeedupLock is the file, in the temporary folder, that every speedup
// measurement on a machine locks, so that no two measure at once.
const SpeedupLock = "deli-speedup.lock"

// A Kata describes one exercise.
type Kata struct {
	ID         string            `toml:"id"`          // folder name, "NN-name"
	Module     int               `toml:"module"`      // 1 to 5
	Title      string            `toml:"title"`       // one line
	Teaches    string            `toml:"teaches"`     // the idea, one sentence
	SpeedupBar float64           `toml:"speedup_bar"` // least passing speedup; 0 without a speedup point
	StubSHA256 string            `toml:"stub_sha256"` // hash of the shipped stub
	Hints      []Hint            `toml:"hint"`
	Points     map[Dimension]int `toml:"points"` // points per dimension used
	// Admission adds to the course's admission rules for this kata only.
	Admission Admission `toml:"admission"`
	// RunLimit, when set, replaces DefaultRunLimit for this kata.
	RunLimit time.Duration `toml:"run_limit"`
}

// DefaultRunLimit is how long one run of a kata's tests may take when a
// student grades their own work, so that a hang is reported soon. The
// reference solutions' slowest runs take under 5 s under -race on a busy
// 2-core machine (docs/performance.md); a kata whose suite needs longer sets
// run_limit. Gradings that count allow far more.
const DefaultRunLimit = 10 * time.Second

// StudentRunLimit is the time limit of one run of k's tests when a student
// grades their own work: run_limit, or DefaultRunLimit.
func (k Kata) StudentRunLimit() time.Duration {
	if k.RunLimit > 0 {
		return k.RunLimit
	}
	return DefaultRunLimit
}

// A Hint is one thing to try, for a failure of one dimension.
type Hint struct {
	Dimension Dimension `toml:"dimension"` // the dimension it helps pass
	Test      string    `toml:"test"`      // if set, a test name prefix: only for a failure of that test
	Text      string    `toml:"text"`
}

// A Failure is what a grading lost: the dimensions that failed, in report
// order, and the tests that did not pass.
type Failure struct {
	Dimensions []Dimension
	Tests      []string
}

// NextHint returns the index in k.Hints of the hint to show for f, given the
// indexes already shown (seen): the first hint not seen yet that is for the
// first failing dimension with one, its test (if it names one) among those
// that failed; when every such hint was seen, the first of them again. It
// returns -1 when no hint is for what failed.
func (k Kata) NextHint(f Failure, seen []int) int {
	for _, d := range f.Dimensions {
		first := -1
		for i, h := range k.Hints {
			if h.Dimension != d || !h.about(f.Tests) {
				continue
			}
			if first < 0 {
				first = i
			}
			if !slices.Contains(seen, i) {
				return i
			}
		}
		if first >= 0 {
			return first
		}
	}
	return -1
}

// about reports whether the hint applies when tests failed.
func (h Hint) about(tests []string) bool {
	if h.Test == "" {
		return true
	}
	for _, t := range tests {
		if strings.HasPrefix(t, h.Test) {
			return true
		}
	}
	return false
}

// Admission says what a student's file may use. The course's rules (the
// [admission] table of katas.toml) apply to every kata; a kata's own table
// adds to them.
type Admission struct {
	Imports   []string `toml:"imports"`    // import paths allowed
	Refuse    []string `toml:"refuse"`     // package members refused: "time.AfterFunc", or "runtime.*" for all
	Allow     []string `toml:"allow"`      // members allowed although Refuse covers them
	InitCalls []string `toml:"init_calls"` // calls allowed in package-level initialisers: "errors.New"
}

// AdmissionRules returns the course's admission rules with k's additions.
func (k Kata) AdmissionRules() Admission {
	All()
	a := course.Admission
	return Admission{
		Imports:   concat(a.Imports, k.Admission.Imports),
		Refuse:    concat(a.Refuse, k.Admission.Refuse),
		Allow:     concat(a.Allow, k.Admission.Allow),
		InitCalls: concat(a.InitCalls, k.Admission.InitCalls),
	}
}

func concat(a, b []string) []string { return append(append([]string(nil), a...), b...) }

// Number is the kata's position in the course, from its id.
func (k Kata) Number() int {
	var n int
	fmt.Sscanf(k.ID, "%d", &n)
	return n
}

// Package is the Go package name of the kata: its id without the number.
func (k Kata) Package() string {
	_, name, _ := strings.Cut(k.ID, "-")
	return name
}

// StubFile is the file the student edits, relative to the kata's folder.
func (k Kata) StubFile() string { return k.Package() + ".go" }

// TestFile is the kata's suite, relative to the kata's folder.
func (k Kata) TestFile() string { return k.Package() + "_test.go" }

// Paths of a kata's files, relative to the course's root and in the
// system's form (filepath): join them to the root to open them.

// ExerciseDir is the folder of the stub, its suite and README.md.
func (k Kata) ExerciseDir() string { return filepath.Join("exercises", k.ID) }

// StubPath is the file the student edits.
func (k Kata) StubPath() string { return filepath.Join(k.ExerciseDir(), k.StubFile()) }

// TestPath is the kata's suite.
func (k Kata) TestPath() string { return filepath.Join(k.ExerciseDir(), k.TestFile()) }

// SolutionDir is the folder of the reference solution and its mutants.
func (k Kata) SolutionDir() string { return filepath.Join("solutions", k.ID) }

// SolutionPath is the reference solution, named like the stub.
func (k Kata) SolutionPath() string { return filepath.Join(k.SolutionDir(), k.StubFile()) }

// MutantsDir holds one folder per mutant, each with one file named like the stub.
func (k Kata) MutantsDir() string { return filepath.Join(k.SolutionDir(), "mutants") }

// MutantPath is the file of the mutant named kind.
func (k Kata) MutantPath(kind string) string {
	return filepath.Join(k.MutantsDir(), kind, k.StubFile())
}

// ImportPath is the Go import path of the kata's package.
func (k Kata) ImportPath() string { return ModulePath + "/exercises/" + k.ID }

// Uses reports whether the kata scores dimension d.
func (k Kata) Uses(d Dimension) bool { return k.Points[d] > 0 }

// UsedDimensions lists the dimensions the kata scores, in report order.
func (k Kata) UsedDimensions() []Dimension {
	var ds []Dimension
	for _, d := range Dimensions {
		if k.Uses(d) {
			ds = append(ds, d)
		}
	}
	return ds
}

// MaxPoints is the sum of the kata's rubric.
func (k Kata) MaxPoints() int {
	total := 0
	for _, p := range k.Points {
		total += p
	}
	return total
}

var idPattern = regexp.MustCompile(`^[0-9]{2}-[a-z]+$`)

// validate checks one kata's fields; it is strict, so a typo in katas.toml
// fails the build's tests instead of silently changing a grade.
func (k Kata) validate() error {
	if !idPattern.MatchString(k.ID) {
		return fmt.Errorf("kata id %q: want two digits, a dash and a lower-case name, like 08-primes", k.ID)
	}
	if k.Module < 1 || k.Module > 5 {
		return fmt.Errorf("kata %s: module %d is not between 1 and 5", k.ID, k.Module)
	}
	if k.Title == "" || k.Teaches == "" {
		return fmt.Errorf("kata %s: title and teaches must not be empty", k.ID)
	}
	if len(k.Points) == 0 {
		return fmt.Errorf("kata %s: no points: give [kata.points] at least one dimension", k.ID)
	}
	for d, p := range k.Points {
		if !d.Valid() {
			return fmt.Errorf("kata %s: unknown dimension %q in points", k.ID, d)
		}
		if p <= 0 {
			return fmt.Errorf("kata %s: %s has %d points; leave a dimension out instead of giving it none", k.ID, d, p)
		}
	}
	if k.Uses(Speedup) != (k.SpeedupBar > 0) {
		return fmt.Errorf("kata %s: a speedup point needs a speedup_bar above 1, and a bar needs a speedup point", k.ID)
	}
	if k.Uses(Speedup) && k.SpeedupBar <= 1 {
		return fmt.Errorf("kata %s: speedup_bar %.2f is not above 1: such a bar cannot fail", k.ID, k.SpeedupBar)
	}
	if k.RunLimit < 0 || (k.RunLimit > 0 && k.RunLimit < 2*time.Second) {
		return fmt.Errorf("kata %s: run_limit %v is too short to run a suite; give at least 2s", k.ID, k.RunLimit)
	}
	if len(k.Hints) == 0 {
		return fmt.Errorf("kata %s: give at least one hint", k.ID)
	}
	for i, h := range k.Hints {
		if !k.Uses(h.Dimension) {
			return fmt.Errorf("kata %s: hint %d is for %q, which the kata does not score", k.ID, i+1, h.Dimension)
		}
		if h.Text == "" {
			return fmt.Errorf("kata %s: hint %d has no text", k.ID, i+1)
		}
		if h.Test != "" {
			if _, ok := DimensionOfTest(h.Test); !ok {
				return fmt.Errorf("kata %s: hint %d names test %q, which has no dimension prefix", k.ID, i+1, h.Test)
			}
		}
	}
	return nil
}

// Course is the whole catalog: the course's rules and its katas.
type Course struct {
	Admission Admission `toml:"admission"`
	Kata      []Kata    `toml:"kata"`
}

// Parse reads a catalog in the katas.toml format and validates it.
func Parse(text string) ([]Kata, error) {
	c, err := ParseCourse(text)
	return c.Kata, err
}

// ParseCourse reads a catalog in the katas.toml format and validates it.
func ParseCourse(text string) (Course, error) {
	var doc Course
	md, err := toml.Decode(text, &doc)
	if err != nil {
		return Course{}, fmt.Errorf("catalog: %w", err)
	}
	if undecoded := md.Undecoded(); len(undecoded) > 0 {
		return Course{}, fmt.Errorf("catalog: unknown field %s", undecoded[0])
	}
	if len(doc.Admission.Imports) == 0 {
		return Course{}, fmt.Errorf("catalog: the [admission] table must list the imports a stub may use")
	}
	seen := map[string]bool{}
	for _, k := range doc.Kata {
		if err := k.validate(); err != nil {
			return Course{}, fmt.Errorf("catalog: %w", err)
		}
		if seen[k.ID] {
			return Course{}, fmt.Errorf("catalog: kata %s is listed twice", k.ID)
		}
		seen[k.ID] = true
	}
	if !sort.SliceIsSorted(doc.Kata, func(i, j int) bool { return doc.Kata[i].ID < doc.Kata[j].ID }) {
		return Course{}, fmt.Errorf("catalog: katas must be listed in course order (by id)")
	}
	return doc, nil
}

var (
	loadOnce sync.Once
	course   Course
	loadErr  error
)

// All returns every kata in course order. It panics if the embedded catalog is
// invalid, which the catalog's own tests rule out before anything ships.
func All() []Kata {
	loadOnce.Do(func() { course, loadErr = ParseCourse(katasTOML) })
	if loadErr != nil {
		panic(loadErr)
	}
	return append([]Kata(nil), course.Kata...)
}

// Lookup returns the kata with the given id ("08-primes"), or its number ("08", "8").
func Lookup(id string) (Kata, bool) {
	for _, k := range All() {
		if k.ID == id {
			return k, true
		}
		var n int
		if _, err := fmt.Sscanf(id, "%d", &n); err == nil && fmt.Sprint(n) == strings.TrimLeft(id, "0") && n == k.Number() {
			return k, true
		}
	}
	return Kata{}, false
}
