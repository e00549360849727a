package report

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/excerpt"
	"github.com/deli-katas/deli/grader/protocol"
)

// cell is how a dimension's verdict reads in the table.
func cell(k KataResult, d Dimension) string {
	switch {
	case d.Status == NotUsed:
		return "-"
	case k.Status == NotStarted:
		return "todo"
	case d.Status == Pass:
		return "ok"
	case d.Status == NotMeasurable:
		return "n/m"
	case d.Status == NotJudged:
		return "wait"
	}
	return "FAIL"
}

var headings = map[catalog.Dimension]string{
	catalog.Correctness: "CORRECT",
	catalog.Ordering:    "ORDER",
	catalog.Timing:      "TIMING",
	catalog.Race:        "RACE",
	catalog.Leaks:       "LEAKS",
	catalog.Speedup:     "SPEEDUP",
}

// WriteTable writes the results as a table, then the total and what to do next.
// verbose adds the output of every test that did not pass.
func WriteTable(w io.Writer, doc Document, verbose bool) error {
	if err := writeRows(w, doc.Katas); err != nil {
		return err
	}
	s := doc.Summary
	fmt.Fprintf(w, "\nTotal %d/%d points (%d%%), %d of %d katas complete (graded %s).\n",
		s.Points, s.MaxPoints, s.Percent, s.Complete, len(doc.Katas), doc.Source)
	if s.NotMeasurable > 0 {
		fmt.Fprintf(w, "%d speedup points could not be judged: this machine could not show parallelism when measured (n/m). "+
			"Grade again on a quieter machine with 2 or more CPUs.\n", s.NotMeasurable)
	}
	fmt.Fprintln(w, "Legend: ok passed, FAIL failed, wait not judged until correctness passes, n/m not measurable here, todo not started, - not used by the kata.")
	for _, k := range doc.Katas {
		if k.ID == s.Next {
			writeNext(w, doc, k, verbose)
		} else if verbose && !k.Complete() && k.Status != NotStarted {
			writeDetails(w, k, true)
		}
	}
	switch course := len(catalog.All()); {
	case s.Next != "" || len(doc.Katas) == 0:
	case len(doc.Katas) < course:
		fmt.Fprintf(w, "\nEvery kata graded here is complete (%d of the course's %d). Grade them all with: bin/grader\n", len(doc.Katas), course)
	default:
		fmt.Fprintln(w, "\nEvery kata is complete. Well done.")
	}
	return nil
}

// WriteKata writes one kata's row of the table, under the table's heading,
// then what failed and the excerpt of the first failing test of each
// dimension, as WriteTable does for the next kata (without its hint). A kata
// not started has its row and nothing more.
func WriteKata(w io.Writer, k KataResult) error {
	if err := writeRows(w, []KataResult{k}); err != nil {
		return err
	}
	writeDetails(w, k, false)
	return nil
}

// writeRows writes the table's heading and a row for each kata.
func writeRows(w io.Writer, katas []KataResult) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprint(tw, "KATA\t")
	for _, d := range catalog.Dimensions {
		fmt.Fprintf(tw, "%s\t", headings[d])
	}
	fmt.Fprint(tw, "POINTS\tNOTE\n")
	for _, k := range katas {
		fmt.Fprintf(tw, "%s\t", k.ID)
		for _, d := range k.Dimensions {
			fmt.Fprintf(tw, "%s\t", cell(k, d))
		}
		fmt.Fprintf(tw, "%d/%d%s\t%s\n", k.Points, k.MaxPoints, change(k), note(k))
	}
	return tw.Flush()
}

// change shows how the points moved since the previous grading.
func change(k KataResult) string {
	if k.Previous == nil || *k.Previous == k.Points {
		return ""
	}
	return fmt.Sprintf(" (%+d)", k.Points-*k.Previous)
}

// note is the table's last column: a measured speedup or why a kata did not run.
func note(k KataResult) string {
	switch k.Status {
	case NotStarted:
		return "not started"
	case CompileError:
		return "does not compile"
	case Missing:
		return "missing"
	case Refused:
		return "refused: uses what the kata does not allow"
	}
	if k.Cached {
		return "unchanged since it earned full marks (--force grades it again)"
	}
	if k.Speedup != nil {
		return protocol.Speedup(*k.Speedup).String()
	}
	return ""
}

func writeNext(w io.Writer, doc Document, k KataResult, verbose bool) {
	dir := doc.Source + "/" + k.ID
	fmt.Fprintf(w, "\nNext: %s, %s.\n", k.ID, k.Title)
	if k.Status == NotStarted {
		fmt.Fprintf(w, "Read %s/README.md, then fill in %s/%s.go and run: go run ./grader %s\n", dir, dir, packageOf(k.ID), k.ID)
	}
	writeDetails(w, k, verbose)
	if k.Hint != "" && k.HintNumber > 1 {
		fmt.Fprintf(w, "Hint %d: %s\n", k.HintNumber, k.Hint)
	} else if k.Hint != "" {
		fmt.Fprintf(w, "Hint: %s\n", k.Hint)
	}
}

// writeDetails says what failed in a kata and, for the first failing test
// of each dimension, the excerpt of its output that points at the student's
// own lines (package excerpt). With all set, every failing test is shown,
// its excerpt followed by its whole output.
func writeDetails(w io.Writer, k KataResult, all bool) {
	if k.Status == NotStarted {
		return
	}
	if k.Message != "" {
		fmt.Fprintf(w, "\n%s: %s\n", k.ID, indentRest(k.Message, 40))
	}
	stub := k.ID + "/" + catalog.Kata{ID: k.ID}.StubFile()
	for _, d := range k.Dimensions {
		if d.Status == Pass || d.Status == NotUsed {
			continue
		}
		fmt.Fprintf(w, "\n%s %s: %s\n", k.ID, d.Name, d.Reason)
		shown, more := 0, 0
		for _, t := range d.Tests {
			if t.Status == TestPass || t.Output == "" {
				continue
			}
			if shown > 0 && !all {
				more++
				continue
			}
			fmt.Fprintf(w, "  %s (%s)\n    %s\n", t.Name, t.Status, indentRest(excerpt.Of(t.Output, stub), 30))
			if all {
				fmt.Fprintf(w, "    full output:\n      %s\n", strings.ReplaceAll(strings.TrimRight(t.Output, "\n"), "\n", "\n      "))
			}
			shown++
		}
		if more > 0 {
			tests := "tests"
			if more == 1 {
				tests = "test"
			}
			fmt.Fprintf(w, "  ... and %d more failing %s (-v shows them, with their whole output)\n", more, tests)
		}
	}
}

// indentRest keeps the first max lines of s, indented to sit under a heading.
func indentRest(s string, max int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(lines) > max {
		lines = append(lines[:max], fmt.Sprintf("... (%d more lines; --json has them all)", len(lines)-max))
	}
	return strings.Join(lines, "\n    ")
}

func packageOf(id string) string {
	_, name, _ := strings.Cut(id, "-")
	return name
}

// WriteJSON writes the results as the versioned JSON document.
func WriteJSON(w io.Writer, doc Document) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(doc)
}
