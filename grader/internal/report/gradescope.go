package report

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strings"
)

// GradescopeResults is Gradescope's results.json, which an autograder's
// run_autograder writes to /autograder/results/results.json
// (https://gradescope-autograders.readthedocs.io/en/latest/specs/).
// Gradescope takes the score from the top-level "score" when it is present;
// Deli sets it to the sum of the tests' scores, so the two never disagree.
type GradescopeResults struct {
	Score            float64          `json:"score"`
	ExecutionTime    int              `json:"execution_time"` // seconds
	Output           string           `json:"output"`         // shown above the tests
	OutputFormat     string           `json:"output_format"`  // md
	TestOutputFormat string           `json:"test_output_format"`
	Visibility       string           `json:"visibility"`
	StdoutVisibility string           `json:"stdout_visibility"` // the grader's log stays with the instructor
	Tests            []GradescopeTest `json:"tests"`
}

// GradescopeTest is one kata dimension.
type GradescopeTest struct {
	Name       string   `json:"name"`   // "08-primes speedup"
	Number     string   `json:"number"` // kata number and dimension: "8.6"
	Score      float64  `json:"score"`
	MaxScore   float64  `json:"max_score"`
	Status     string   `json:"status"` // passed or failed
	Output     string   `json:"output,omitempty"`
	Tags       []string `json:"tags,omitempty"` // the kata id, the dimension, and "not measured" where that is why
	Visibility string   `json:"visibility"`
}

// gradescopeOutputLimit caps a test's output; Gradescope shows it in the browser.
const gradescopeOutputLimit = 8000

// Gradescope returns doc as Gradescope's results: one test per dimension each
// kata scores, numbered kata.dimension in course order.
func Gradescope(doc Document) GradescopeResults {
	r := GradescopeResults{
		OutputFormat: "md", TestOutputFormat: "text", Visibility: "visible", StdoutVisibility: "hidden",
		Tests: []GradescopeTest{},
	}
	seconds := 0.0
	for _, k := range doc.Katas {
		seconds += k.Seconds
		number, _, _ := strings.Cut(k.ID, "-")
		for i, d := range k.Dimensions {
			if d.Status == NotUsed {
				continue
			}
			t := GradescopeTest{
				Name:       k.ID + " " + string(d.Name),
				Number:     fmt.Sprintf("%s.%d", strings.TrimLeft(number, "0"), i+1),
				Score:      float64(d.Points),
				MaxScore:   float64(d.MaxPoints),
				Status:     "passed",
				Tags:       []string{k.ID, string(d.Name)},
				Visibility: "visible",
			}
			switch d.Status {
			case Pass:
			case NotMeasurable:
				t.Status = "failed"
				t.Tags = append(t.Tags, "not measured")
				t.Output = "NOT MEASURED, neither earned nor lost yet: " + d.Reason +
					"\nYour instructor can measure it again on a quieter machine."
			case NotJudged:
				t.Status = "failed"
				t.Tags = append(t.Tags, "not judged")
				t.Output = d.Reason
			default:
				t.Status = "failed"
				t.Output = d.Reason
				if text := failureText(k, d); text != "" {
					t.Output += "\n\n" + text
				}
			}
			t.Output = truncate(t.Output, gradescopeOutputLimit)
			r.Score += t.Score
			r.Tests = append(r.Tests, t)
		}
	}
	r.ExecutionTime = int(math.Ceil(seconds))
	r.Output = gradescopeSummary(doc)
	return r
}

func gradescopeSummary(doc Document) string {
	s := doc.Summary
	var b strings.Builder
	fmt.Fprintf(&b, "**Deli: %d of %d points (%d%%)**, %d of %d katas complete.", s.Points, s.MaxPoints, s.Percent, s.Complete, len(doc.Katas))
	if s.NotMeasurable > 0 {
		fmt.Fprintf(&b, "\n\n%d speedup points were **not measured**: the grading machine was too busy to show parallelism. "+
			"They are neither earned nor lost; your instructor can measure them again.", s.NotMeasurable)
	}
	var notStarted, refused, broken []string
	for _, k := range doc.Katas {
		switch k.Status {
		case NotStarted:
			notStarted = append(notStarted, k.ID)
		case Refused:
			refused = append(refused, k.ID)
		case CompileError, Missing:
			broken = append(broken, k.ID)
		}
	}
	for _, l := range []struct {
		label string
		ids   []string
	}{{"Not started (stub unchanged)", notStarted}, {"Refused before compiling", refused}, {"Did not build or missing", broken}} {
		if len(l.ids) > 0 {
			fmt.Fprintf(&b, "\n\n%s: %s.", l.label, strings.Join(l.ids, ", "))
		}
	}
	if s.Next != "" {
		fmt.Fprintf(&b, "\n\nNext: %s (`go run ./grader %s`).", s.Next, s.Next)
	}
	return b.String()
}

// WriteGradescope writes doc as Gradescope's results.json (see [Gradescope]).
func WriteGradescope(w io.Writer, doc Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(Gradescope(doc))
}
