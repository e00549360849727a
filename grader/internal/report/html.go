package report

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strings"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/excerpt"
)

// Picture is a kata's timeline: trusted SVG markup made by the grader itself
// (never student text), its caption and the command that made it.
type Picture struct {
	SVG     template.HTML // inline <svg>…</svg>
	Caption string        // e.g. "parallelism 1.96 · at most 9 goroutines alive"
	Command string        // e.g. "grader trace 08"
}

// The HTML report's two landmark colours, kept apart from every other colour
// on the page so a screenshot can find the score table and a timeline by them.
const (
	TableHeaderColour  = "#1f4e79" // background of the score table's header row
	PictureFrameColour = "#0b7a75" // border around a kata's timeline picture
)

// htmlOutputLimit caps the output shown for one failing test; the JSON
// document keeps it all.
const htmlOutputLimit = 20000

// htmlFoldLines is how long an output may be and still be shown unfolded.
const htmlFoldLines = 12

//go:embed html.tmpl
var htmlSource string

var htmlTemplate = template.Must(template.New("report").Parse(htmlSource))

// WriteHTML writes doc as one self-contained HTML page: the total, a score
// table with a row per kata and a column per dimension, then a section per
// kata with each dimension's verdict and reason, the output of the tests that
// did not pass, the hint, the speedup against its bar and the kata's timeline.
// The page fetches nothing: its style is inline and it needs no script.
// Student text (test output, messages) is escaped by html/template; the
// pictures' SVG is trusted and written as it is, less its namespace
// declarations, which HTML does without. pictures maps a kata ID to its
// timeline (may be nil).
func WriteHTML(w io.Writer, doc Document, pictures map[string]Picture) error {
	return htmlTemplate.Execute(w, newHTMLPage(doc, pictures))
}

// htmlPage is what the template shows, worked out in Go so that the template
// only lays it out.
type htmlPage struct {
	Doc        Document
	Summary    Summary
	NextAnchor string
	Dimensions []catalog.Dimension
	Rows       []htmlRow
	Katas      []htmlKata
	Legend     []htmlVerdict
	Header     template.CSS
	Frame      template.CSS
}

// htmlVerdict is how a dimension's status reads: a word and a glyph, so that
// it never rests on colour alone, and the CSS class that colours it.
type htmlVerdict struct{ Class, Glyph, Word string }

type htmlCell struct {
	htmlVerdict
	Score string // "3/3", or "" where points do not apply
}

type htmlRow struct {
	KataResult
	Anchor string
	Cells  []htmlCell
	Change string
	Note   string
}

type htmlKata struct {
	KataResult
	Anchor   string
	Badge    htmlVerdict
	Todo     *htmlTodo // what to do to start a kata not started
	Unused   string    // the dimensions the kata does not score
	Message  htmlText
	Dims     []htmlDim
	Speedup  *htmlSpeedup
	Picture  *Picture
	HintName string
	Change   string
}

type htmlTodo struct{ Readme, Stub, Command string }

type htmlDim struct {
	Dimension
	htmlCell
	Note  string
	Tests []htmlTest
}

type htmlTest struct {
	Test
	Excerpt string
	Whole   htmlText
}

// htmlText is a long text in a <pre>, folded in a <details> when long.
type htmlText struct {
	Text  string
	Lines int
	Open  bool
}

var verdicts = map[string]htmlVerdict{
	"pass":    {"pass", "✓", "pass"},
	"fail":    {"fail", "✗", "fail"},
	"wait":    {"wait", "◷", "not judged"},
	"nm":      {"nm", "⊘", "not measurable"},
	"todo":    {"todo", "○", "not started"},
	"unused":  {"unused", "–", "not used"},
	"partial": {"partial", "◐", "incomplete"},
}

// htmlVerdictOf is the verdict on d in kata k, worded as in the table (cell).
func htmlVerdictOf(k KataResult, d Dimension) htmlCell {
	var v htmlVerdict
	switch {
	case d.Status == NotUsed:
		return htmlCell{htmlVerdict: verdicts["unused"]}
	case k.Status == NotStarted:
		v = verdicts["todo"]
	case d.Status == Pass:
		v = verdicts["pass"]
	case d.Status == NotMeasurable:
		return htmlCell{verdicts["nm"], fmt.Sprintf("–/%d", d.MaxPoints)}
	case d.Status == NotJudged:
		v = verdicts["wait"]
	default:
		v = verdicts["fail"]
	}
	return htmlCell{v, fmt.Sprintf("%d/%d", d.Points, d.MaxPoints)}
}

func newHTMLPage(doc Document, pictures map[string]Picture) htmlPage {
	p := htmlPage{
		Doc: doc, Summary: doc.Summary, Dimensions: catalog.Dimensions,
		Header: template.CSS(TableHeaderColour), Frame: template.CSS(PictureFrameColour),
	}
	if doc.Summary.Next != "" {
		p.NextAnchor = "kata-" + doc.Summary.Next
	}
	for _, name := range []string{"pass", "fail", "wait", "nm", "todo", "unused"} {
		p.Legend = append(p.Legend, verdicts[name])
	}
	for _, k := range doc.Katas {
		row := htmlRow{KataResult: k, Anchor: "kata-" + k.ID, Change: change(k), Note: note(k)}
		for _, d := range k.Dimensions {
			row.Cells = append(row.Cells, htmlVerdictOf(k, d))
		}
		p.Rows = append(p.Rows, row)
		var pic *Picture
		if pc, ok := pictures[k.ID]; ok {
			pc.SVG = withoutNamespaces(pc.SVG)
			pic = &pc
		}
		p.Katas = append(p.Katas, newHTMLKata(doc, k, pic))
	}
	return p
}

func newHTMLKata(doc Document, k KataResult, pic *Picture) htmlKata {
	hk := htmlKata{KataResult: k, Anchor: "kata-" + k.ID, Picture: pic, Speedup: newHTMLSpeedup(k), Change: change(k)}
	switch {
	case k.Status == NotStarted:
		hk.Badge = verdicts["todo"]
		dir := doc.Source + "/" + k.ID
		hk.Todo = &htmlTodo{dir + "/README.md", dir + "/" + packageOf(k.ID) + ".go", "go run ./grader " + k.ID}
	case k.Status != Graded:
		hk.Badge = htmlVerdict{"fail", "✗", note(k)}
	case k.Complete():
		hk.Badge = htmlVerdict{"pass", "✓", "complete"}
	default:
		hk.Badge = verdicts["partial"]
	}
	hk.Message = newHTMLText(k.Message)
	if k.Hint != "" {
		hk.HintName = "Hint"
		if k.HintNumber > 0 {
			hk.HintName = fmt.Sprintf("Hint %d", k.HintNumber)
		}
	}
	hk.Dims, hk.Unused = htmlDims(k)
	return hk
}

// htmlDims lists the verdicts on the dimensions k scores, with the tests that
// did not pass, and names the dimensions it does not score.
func htmlDims(k KataResult) (dims []htmlDim, unused string) {
	var names []string
	stub := k.ID + "/" + catalog.Kata{ID: k.ID}.StubFile()
	for _, d := range k.Dimensions {
		if d.Status == NotUsed {
			names = append(names, string(d.Name))
			continue
		}
		hd := htmlDim{Dimension: d, htmlCell: htmlVerdictOf(k, d), Note: d.Reason}
		switch {
		case k.Status == NotStarted:
			hd.Note = "nothing to run yet"
		case d.Status == Pass && d.Reason == "":
			hd.Note = "passed"
		}
		for _, t := range d.Tests {
			if t.Status == TestPass {
				continue
			}
			ht := htmlTest{Test: t}
			if t.Output != "" {
				ht.Excerpt = excerpt.Of(t.Output, stub)
				ht.Whole = newHTMLText(truncate(t.Output, htmlOutputLimit))
			}
			hd.Tests = append(hd.Tests, ht)
		}
		dims = append(dims, hd)
	}
	return dims, strings.Join(names, ", ")
}

func newHTMLText(s string) htmlText {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return htmlText{}
	}
	lines := strings.Count(s, "\n") + 1
	return htmlText{Text: s, Lines: lines, Open: lines <= htmlFoldLines}
}

// withoutNamespaces drops the SVG and XLink namespace declarations from svg:
// an <svg> inside HTML is in the SVG namespace without them, and leaving them
// out keeps the page free of any http address.
func withoutNamespaces(svg template.HTML) template.HTML {
	s := strings.ReplaceAll(string(svg), ` xmlns="http://www.w3.org/2000/svg"`, "")
	return template.HTML(strings.ReplaceAll(s, ` xmlns:xlink="http://www.w3.org/1999/xlink"`, ""))
}

// htmlSpeedup is a kata's speedup figure drawn as three bars on one scale,
// measured, bar and machine, with a line at the bar across them.
type htmlSpeedup struct {
	SpeedupFigure
	Class    string // the speedup verdict's class, which colours the measured bar
	Title    string // the figure in one sentence
	Bars     []htmlBar
	BarX     string // where the line at the bar stands
	EndX     string // where the scale's last tick stands
	EndLabel string
}

type htmlBar struct {
	Label, Class, Y, TextY, W, Value string
}

// The speedup figure's geometry, in SVG user units.
const (
	figTrackX     = 80.0
	figTrackWidth = 300.0
	figRow        = 22.0
)

func newHTMLSpeedup(k KataResult) *htmlSpeedup {
	f := k.Speedup
	if f == nil {
		return nil
	}
	class := "pass"
	if d := k.Dim(catalog.Speedup); d != nil {
		class = htmlVerdictOf(k, *d).Class
	}
	scale := max(float64(f.CPUs), f.Speedup, f.Bar, f.Machine, 1)
	x := func(v float64) float64 { return max(v, 0) / scale * figTrackWidth }
	num := func(v float64) string { return fmt.Sprintf("%.1f", v) }
	s := &htmlSpeedup{
		SpeedupFigure: *f,
		Class:         class,
		Title: fmt.Sprintf("Speedup %.2fx on %d CPUs against a bar of %.2fx; the machine's own kernel reached %.2fx.",
			f.Speedup, f.CPUs, f.Bar, f.Machine),
		BarX:     num(figTrackX + x(f.Bar)),
		EndX:     num(figTrackX + x(scale)),
		EndLabel: fmt.Sprintf("%gx", scale),
	}
	if scale == float64(f.CPUs) {
		s.EndLabel = fmt.Sprintf("%dx = %d CPUs", f.CPUs, f.CPUs)
	}
	for i, b := range []struct {
		label, class string
		v            float64
	}{{"measured", class, f.Speedup}, {"bar", "bar", f.Bar}, {"machine", "machine", f.Machine}} {
		y := 6 + float64(i)*figRow
		s.Bars = append(s.Bars, htmlBar{
			Label: b.label, Class: b.class, Y: num(y), TextY: num(y + 12), W: num(x(b.v)),
			Value: fmt.Sprintf("%.2fx", b.v),
		})
	}
	return s
}
