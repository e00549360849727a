package report

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/jstemmer/go-junit-report/v2/junit"

	"github.com/deli-katas/deli/grader/catalog"
)

// WriteJUnit writes the results as JUnit XML, the format CI systems show as
// test reports: one test suite per kata (its id attribute the kata's place in
// the report, from 0) and one test case per dimension the kata scores. A
// passed dimension is a passed case; a failed one a failure whose message is
// the reason and whose text is the failing tests' output. A kata that could
// not be graded (it does not compile, is missing or was refused) has an error
// in each case instead; a kata not started, and a speedup the machine could
// not measure, are skipped cases, so a student's CI is not red for katas not
// begun. Points are properties of each suite ("points", "max_points").
func WriteJUnit(w io.Writer, doc Document) error {
	suites := junit.Testsuites{Name: "deli"}
	total := 0.0
	for i, k := range doc.Katas {
		s := junitSuite(doc, k)
		s.ID = i
		suites.AddSuite(s)
		total += k.Seconds
	}
	suites.Time = seconds(total)
	if _, err := io.WriteString(w, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"); err != nil {
		return err
	}
	return suites.WriteXML(w)
}

func junitSuite(doc Document, k KataResult) junit.Testsuite {
	s := junit.Testsuite{
		Name:    k.ID,
		Package: catalog.ModulePath + "/" + doc.Source + "/" + k.ID,
		Time:    seconds(k.Seconds),
	}
	s.AddProperty("title", k.Title)
	s.AddProperty("status", string(k.Status))
	s.AddProperty("points", strconv.Itoa(k.Points))
	s.AddProperty("max_points", strconv.Itoa(k.MaxPoints))
	if k.Speedup != nil {
		s.AddProperty("speedup", fmt.Sprintf("%.2fx on %d CPUs (bar %.2fx, machine %.2fx)",
			k.Speedup.Speedup, k.Speedup.CPUs, k.Speedup.Bar, k.Speedup.Machine))
	}
	for _, d := range k.Dimensions {
		if d.Status == NotUsed {
			continue
		}
		tc := junit.Testcase{Name: string(d.Name), Classname: k.ID}
		switch {
		case d.Status == Pass:
		case d.Status == NotMeasurable:
			tc.Skipped = &junit.Result{Message: xmlSafe("not measured: " + d.Reason)}
		case d.Status == NotJudged:
			tc.Skipped = &junit.Result{Message: xmlSafe(d.Reason)}
		case k.Status == NotStarted:
			tc.Skipped = &junit.Result{Message: xmlSafe(d.Reason)}
		case k.Status != Graded:
			tc.Error = &junit.Result{
				Message: xmlSafe(fmt.Sprintf("%s: 0 of %d points: %s", d.Name, d.MaxPoints, d.Reason)),
				Type:    string(k.Status),
				Data:    xmlSafe(failureText(k, d)),
			}
		default:
			tc.Failure = &junit.Result{
				Message: xmlSafe(fmt.Sprintf("%s: 0 of %d points: %s", d.Name, d.MaxPoints, d.Reason)),
				Type:    string(k.Status),
				Data:    xmlSafe(failureText(k, d)),
			}
		}
		s.AddTestcase(tc)
	}
	return s
}

// failureText is what a failed dimension's case shows: the kata's message
// (a compile error, say) and the output of each test that did not pass.
func failureText(k KataResult, d Dimension) string {
	var b strings.Builder
	if k.Message != "" {
		fmt.Fprintf(&b, "%s\n\n", k.Message)
	}
	for _, t := range d.Tests {
		if t.Status == TestPass {
			continue
		}
		fmt.Fprintf(&b, "--- %s (%s)\n%s\n", t.Name, t.Status, strings.TrimRight(t.Output, "\n"))
	}
	return b.String()
}

// xmlSafe replaces the characters XML 1.0 cannot hold (most control
// characters, such as a terminal's escape sequences in test output) with U+FFFD.
func xmlSafe(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r',
			r >= 0x20 && r <= 0xD7FF, r >= 0xE000 && r <= 0xFFFD, r >= 0x10000 && r <= 0x10FFFF:
			return r
		}
		return '\uFFFD'
	}, s)
}

func seconds(s float64) string { return strconv.FormatFloat(s, 'f', 3, 64) }
