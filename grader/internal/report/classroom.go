package report

import (
	"cmp"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/deli-katas/deli/grader/catalog"
)

// ClassroomResult is the result of one runner of GitHub Classroom's
// autograding, the JSON whose base64 a runner step exposes as its `result`
// output and classroom-resources/autograding-grading-reporter@v1 reads from
// the environment variable <RUNNER>_RESULTS.
//
// The reporter records, as the grade, the sum of every test's score; its
// console table shows, per runner, the share of passing tests times
// max_score. The two agree only when every test of a runner is worth the
// same, so [ClassroomRunners] splits a result into runners by points.
type ClassroomResult struct {
	Version  int             `json:"version"` // 1
	Status   string          `json:"status"`  // pass when every test passed, fail otherwise
	MaxScore int             `json:"max_score"`
	Tests    []ClassroomTest `json:"tests"`
}

// ClassroomTest is one kata dimension.
type ClassroomTest struct {
	Name     string `json:"name"`   // "08-primes speedup"
	Status   string `json:"status"` // pass, fail, or error: not measured, neither earned nor lost
	Score    int    `json:"score"`
	MaxScore int    `json:"max_score"` // Deli's own field: the reporter ignores it
	Message  string `json:"message"`
	TestCode string `json:"test_code"` // the command that grades this kata again
	Filename string `json:"filename"`  // the student's file
	LineNo   int    `json:"line_no"`
	Duration int    `json:"duration"` // milliseconds, for the whole kata
}

// classroomMessageLimit caps a test's message: results travel through an
// environment variable, and a single one may hold at most 128 KiB on Linux.
const classroomMessageLimit = 600

// Classroom returns doc as one runner result, a test per dimension each kata
// scores, in course order; the scores add up to doc's points.
func Classroom(doc Document) ClassroomResult {
	r := ClassroomResult{Version: 1, Status: "pass", Tests: []ClassroomTest{}}
	for _, k := range doc.Katas {
		for _, d := range k.Dimensions {
			if d.Status == NotUsed {
				continue
			}
			t := ClassroomTest{
				Name:     k.ID + " " + string(d.Name),
				Status:   "pass",
				Score:    d.Points,
				MaxScore: d.MaxPoints,
				TestCode: "go run ./grader " + k.ID,
				Filename: "exercises/" + k.ID + "/" + catalog.Kata{ID: k.ID}.StubFile(),
				Duration: int(k.Seconds * 1000),
			}
			switch d.Status {
			case Pass:
				t.Message = fmt.Sprintf("%d of %d points", d.Points, d.MaxPoints)
			case NotMeasurable:
				t.Status = "error"
				t.Message = fmt.Sprintf("not measured (0 of %d points until it is): %s", d.MaxPoints, d.Reason)
			case NotJudged:
				t.Status = "fail"
				t.Message = fmt.Sprintf("0 of %d points for now, %s", d.MaxPoints, d.Reason)
			default:
				t.Status = "fail"
				t.Message = fmt.Sprintf("0 of %d points: %s", d.MaxPoints, d.Reason)
			}
			t.Message = truncate(t.Message, classroomMessageLimit)
			if t.Status != "pass" {
				r.Status = "fail"
			}
			r.MaxScore += d.MaxPoints
			r.Tests = append(r.Tests, t)
		}
	}
	return r
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	cut := n
	for cut > 0 && !isRuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + " …"
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

// WriteClassroom writes doc as one runner result (see [Classroom]).
func WriteClassroom(w io.Writer, doc Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(Classroom(doc))
}

// ClassroomRunner is a runner result with the runner id the reporter knows it by.
type ClassroomRunner struct {
	ID     string
	Result ClassroomResult
}

// ClassroomRunners splits r into one runner per point value, "points1",
// "points2", …, in that order: every test of a runner is worth the same, so
// the reporter's console table (passing share times max_score) shows the same
// points as the grade it records (the sum of the scores).
func ClassroomRunners(r ClassroomResult) []ClassroomRunner {
	byPoints := map[int]*ClassroomResult{}
	for _, t := range r.Tests {
		g, ok := byPoints[t.MaxScore]
		if !ok {
			g = &ClassroomResult{Version: r.Version, Status: "pass"}
			byPoints[t.MaxScore] = g
		}
		g.Tests = append(g.Tests, t)
		g.MaxScore += t.MaxScore
		if t.Status != "pass" {
			g.Status = "fail"
		}
	}
	var runners []ClassroomRunner
	for p, g := range byPoints {
		runners = append(runners, ClassroomRunner{ID: fmt.Sprintf("points%d", p), Result: *g})
	}
	slices.SortFunc(runners, func(a, b ClassroomRunner) int {
		return cmp.Compare(a.Result.Tests[0].MaxScore, b.Result.Tests[0].MaxScore)
	})
	return runners
}

// WriteClassroomEnv writes r's runners as lines for $GITHUB_ENV: one
// <RUNNER>_RESULTS=<base64 JSON> per runner, the variables the reporter
// reads, and DELI_RUNNERS=<ids>, the list to give it as `runners`.
func WriteClassroomEnv(w io.Writer, r ClassroomResult) error {
	runners := ClassroomRunners(r)
	ids := make([]string, len(runners))
	for i, run := range runners {
		data, err := json.Marshal(run.Result)
		if err != nil {
			return err
		}
		ids[i] = run.ID
		if _, err := fmt.Fprintf(w, "%s_RESULTS=%s\n", strings.ToUpper(run.ID), base64.StdEncoding.EncodeToString(data)); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, "DELI_RUNNERS=%s\n", strings.Join(ids, ","))
	return err
}
