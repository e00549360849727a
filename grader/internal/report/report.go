// Package report holds the grader's results, how they add up to a score, and
// the two ways they are shown: a table for people and a versioned JSON
// document for machines (documented in docs/grader-json.md).
package report

import (
	"github.com/deli-katas/deli/grader/catalog"
)

// Schema names the version of the JSON document. Bump it on any change that
// could break a reader; add fields freely.
const Schema = "deli-grade/v1"

// DimStatus is the verdict on one dimension of one kata.
type DimStatus string

const (
	Pass          DimStatus = "pass"
	Fail          DimStatus = "fail"
	NotMeasurable DimStatus = "not measurable" // speedup only: the machine could not show parallelism
	NotJudged     DimStatus = "not judged"     // not judged until another dimension passes (race and speedup wait for correctness)
	NotUsed       DimStatus = "not used"       // the kata does not score this dimension
)

// KataStatus says how far grading of a kata got.
type KataStatus string

const (
	Graded       KataStatus = "graded"
	NotStarted   KataStatus = "not started"   // the stub is unchanged: nothing to run
	CompileError KataStatus = "compile error" // the kata or its suite does not compile
	Missing      KataStatus = "missing"       // the kata's folder or files are not there
	Refused      KataStatus = "refused"       // the admission check refused the code before compiling it
)

// TestStatus is the outcome of one test function. The grader's runs give
// the first six; the race dimension lists the tests a race was reported in as
// TestRace.
type TestStatus string

const (
	TestPass        TestStatus = "pass"
	TestFail        TestStatus = "fail"
	TestSkip        TestStatus = "skip"
	TestHung        TestStatus = "did not finish" // started and never ended: a panic, deadlock or time-out took the binary down
	TestNotRun      TestStatus = "not run"        // never started: an earlier test took the binary down
	TestConflicting TestStatus = "conflicting"    // more than one outcome: forged test output
	TestRace        TestStatus = "race"           // in the race dimension: a data race was reported while it ran
)

// Test is the outcome of one test function.
type Test struct {
	Name   string     `json:"name"`
	Status TestStatus `json:"status"`
	Race   bool       `json:"race,omitempty"`
	Output string     `json:"output,omitempty"` // for tests that did not pass, trimmed
}

// Dimension is the verdict on one dimension of a kata.
type Dimension struct {
	Name      catalog.Dimension `json:"name"`
	Status    DimStatus         `json:"status"`
	Points    int               `json:"points"`
	MaxPoints int               `json:"max_points"`
	Reason    string            `json:"reason,omitempty"` // why it did not pass, in one line
	Tests     []Test            `json:"tests,omitempty"`
}

// SpeedupFigure is the measured speedup line of a kata.
type SpeedupFigure struct {
	Speedup float64 `json:"speedup"` // one CPU time / P CPUs time
	CPUs    int     `json:"cpus"`    // P
	Bar     float64 `json:"bar"`     // least passing speedup
	Machine float64 `json:"machine"` // the calibration kernel's speedup in the same rounds
}

// KataResult is the result of grading one kata.
type KataResult struct {
	ID         string         `json:"id"`
	Title      string         `json:"title"`
	Module     int            `json:"module"`
	Status     KataStatus     `json:"status"`
	Points     int            `json:"points"`
	MaxPoints  int            `json:"max_points"`
	Dimensions []Dimension    `json:"dimensions"` // all six, in report order
	Speedup    *SpeedupFigure `json:"speedup,omitempty"`
	Message    string         `json:"message,omitempty"` // compile errors, crashes
	Hint       string         `json:"hint,omitempty"`
	HintNumber int            `json:"hint_number,omitempty"`     // which of the kata's hints Hint is, from 1
	Previous   *int           `json:"previous_points,omitempty"` // points at the previous grading, if any
	Seconds    float64        `json:"seconds"`                   // time spent grading it
	CodeSHA256 string         `json:"code_sha256,omitempty"`     // SHA-256 of the graded file, when it could be read
	Cached     bool           `json:"cached,omitempty"`          // kept from an earlier grading: nothing it depends on changed
}

// Dim returns the kata's verdict on d.
func (k *KataResult) Dim(d catalog.Dimension) *Dimension {
	for i := range k.Dimensions {
		if k.Dimensions[i].Name == d {
			return &k.Dimensions[i]
		}
	}
	return nil
}

// Complete reports whether the kata earned every point it can.
func (k *KataResult) Complete() bool { return k.Points == k.MaxPoints }

// NewKata returns a kata result whose used dimensions all failed with reason,
// the starting point of grading and the whole story of a kata that could not run.
func NewKata(k catalog.Kata, status KataStatus, reason string) KataResult {
	r := KataResult{ID: k.ID, Title: k.Title, Module: k.Module, Status: status, MaxPoints: k.MaxPoints()}
	for _, d := range catalog.Dimensions {
		dim := Dimension{Name: d, Status: NotUsed}
		if k.Uses(d) {
			dim = Dimension{Name: d, Status: Fail, MaxPoints: k.Points[d], Reason: reason}
		}
		r.Dimensions = append(r.Dimensions, dim)
	}
	return r
}

// Score sets every dimension's points from its status and adds them up.
func (k *KataResult) Score() {
	k.Points = 0
	for i := range k.Dimensions {
		d := &k.Dimensions[i]
		d.Points = 0
		if d.Status == Pass {
			d.Points = d.MaxPoints
		}
		k.Points += d.Points
	}
}

// Summary adds up a set of graded katas.
type Summary struct {
	Points        int    `json:"points"`
	MaxPoints     int    `json:"max_points"`
	Percent       int    `json:"percent"`               // points / max_points, rounded down
	NotMeasurable int    `json:"not_measurable_points"` // points that this machine could not judge
	Complete      int    `json:"complete_katas"`        // katas with every point
	Next          string `json:"next,omitempty"`        // the first kata not complete, in course order
}

// Summarise adds up katas, which must be in course order.
func Summarise(katas []KataResult) Summary {
	var s Summary
	for _, k := range katas {
		s.Points += k.Points
		s.MaxPoints += k.MaxPoints
		if k.Complete() {
			s.Complete++
		} else if s.Next == "" {
			s.Next = k.ID
		}
		for _, d := range k.Dimensions {
			if d.Status == NotMeasurable {
				s.NotMeasurable += d.MaxPoints
			}
		}
	}
	if s.MaxPoints > 0 {
		s.Percent = 100 * s.Points / s.MaxPoints
	}
	return s
}

// Document is the grader's whole JSON output.
type Document struct {
	Schema    string       `json:"schema"`
	Source    string       `json:"source"` // "exercises" or "solutions"
	GoVersion string       `json:"go_version"`
	CPUs      int          `json:"cpus"`
	Katas     []KataResult `json:"katas"`
	Summary   Summary      `json:"summary"`
}
