package report

import (
	"fmt"
	"io"
	"strings"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/excerpt"
)

// markdownCell is how a dimension's verdict reads in the Markdown table.
func markdownCell(k KataResult, d Dimension) string {
	switch {
	case d.Status == NotUsed:
		return ""
	case k.Status == NotStarted:
		return "todo"
	case d.Status == Pass:
		return fmt.Sprintf("✅ %d", d.Points)
	case d.Status == NotMeasurable:
		return "⏸️ not measured"
	case d.Status == NotJudged:
		return "⏳ not judged yet"
	}
	return fmt.Sprintf("❌ 0/%d", d.MaxPoints)
}

// markdownOutputLimit caps the output shown for one failing dimension.
const markdownOutputLimit = 3000

// WriteMarkdown writes the results as GitHub-flavoured Markdown, for a CI
// job's summary ($GITHUB_STEP_SUMMARY): the total, a table with a row per
// kata and a column per dimension, and each failure's reason and output in a
// folded section.
func WriteMarkdown(w io.Writer, doc Document) error {
	s := doc.Summary
	var b strings.Builder
	fmt.Fprintf(&b, "## Deli: %d of %d points (%d%%)\n\n", s.Points, s.MaxPoints, s.Percent)
	fmt.Fprintf(&b, "%d of %d katas complete.", s.Complete, len(doc.Katas))
	if s.Next != "" {
		fmt.Fprintf(&b, " Next: **%s**.", s.Next)
	}
	b.WriteString("\n\n")
	if s.NotMeasurable > 0 {
		fmt.Fprintf(&b, "> ⏸️ %d speedup points were not measured: the machine was too busy to show parallelism. "+
			"They are neither earned nor lost; they can be measured again (`grader batch --remeasure`).\n\n", s.NotMeasurable)
	}
	b.WriteString("| kata |")
	for _, d := range catalog.Dimensions {
		fmt.Fprintf(&b, " %s |", d)
	}
	b.WriteString(" points | note |\n|---|")
	for range catalog.Dimensions {
		b.WriteString("---|")
	}
	b.WriteString("---|---|\n")
	for _, k := range doc.Katas {
		fmt.Fprintf(&b, "| %s |", k.ID)
		for _, d := range k.Dimensions {
			fmt.Fprintf(&b, " %s |", markdownCell(k, d))
		}
		fmt.Fprintf(&b, " %d/%d | %s |\n", k.Points, k.MaxPoints, markdownEscape(note(k)))
	}
	for _, k := range doc.Katas {
		if k.Status == NotStarted || k.Complete() {
			continue
		}
		fmt.Fprintf(&b, "\n### %s\n\n", k.ID)
		if k.Message != "" {
			fmt.Fprintf(&b, "```\n%s\n```\n\n", strings.TrimRight(truncate(k.Message, markdownOutputLimit), "\n"))
		}
		for _, d := range k.Dimensions {
			if d.Status == Pass || d.Status == NotUsed {
				continue
			}
			fmt.Fprintf(&b, "- **%s**: %s\n", d.Name, markdownEscape(d.Reason))
			if ex := firstExcerpt(k, d); ex != "" {
				fmt.Fprintf(&b, "\n  ```\n%s\n  ```\n", indent(ex, "  "))
			}
			if out := failingOutput(d); out != "" && k.Message == "" {
				fmt.Fprintf(&b, "  <details><summary>whole output</summary>\n\n  ```\n%s\n  ```\n  </details>\n", indent(truncate(out, markdownOutputLimit), "  "))
			}
		}
		if k.Hint != "" {
			fmt.Fprintf(&b, "\nHint: %s\n", markdownEscape(k.Hint))
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// firstExcerpt is the excerpt of the first failing test of d (package excerpt).
func firstExcerpt(k KataResult, d Dimension) string {
	for _, t := range d.Tests {
		if t.Status != TestPass && t.Output != "" {
			ex := excerpt.Of(t.Output, k.ID+"/"+catalog.Kata{ID: k.ID}.StubFile())
			return noFence(truncate(ex, markdownOutputLimit))
		}
	}
	return ""
}

// failingOutput is the output of a dimension's tests that did not pass.
func failingOutput(d Dimension) string {
	var parts []string
	for _, t := range d.Tests {
		if t.Status != TestPass && t.Output != "" {
			parts = append(parts, fmt.Sprintf("--- %s (%s)\n%s", t.Name, t.Status, strings.TrimRight(t.Output, "\n")))
		}
	}
	return strings.ReplaceAll(strings.Join(parts, "\n"), "```", "'''")
}

func indent(s, prefix string) string {
	return prefix + strings.ReplaceAll(s, "\n", "\n"+prefix)
}

// markdownEscape keeps a one-line text from breaking a table or a list.
func markdownEscape(s string) string {
	s = strings.ReplaceAll(s, "|", `\|`)
	return strings.ReplaceAll(s, "\n", " ")
}

// noFence keeps text from closing the code block it is shown in.
func noFence(s string) string { return strings.ReplaceAll(s, "```", "'''") }
