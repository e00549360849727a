package timeline

import (
	"cmp"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"strings"
	"time"
)

// The picture's geometry, in pixels. The width is fixed; the height grows
// with the number of registers and legend rows.
const (
	svgWidth    = 960
	plotLeft    = 112 // the registers' labels go left of it
	plotRight   = 936
	plotWidth   = plotRight - plotLeft
	laneHeight  = 24
	laneGap     = 6
	crowdHeight = 120 // the customers lane
	bucketWidth = 2   // the customers lane is averaged over buckets this wide
	wideSpan    = 1.5 // spans at least this wide are drawn one by one
	maxRects    = 20000
)

// Colours. Functions take Paul Tol's muted palette, in order of running
// time; functions past the palette share one colour. States take the
// Okabe-Ito palette. Both are told apart by colour-blind readers.
var (
	funcColours    = []string{"#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499"}
	otherFuncs     = "#5A5A5A"
	runtimeColour  = "#BBBBBB"
	stateColours   = [numStates]string{"#009E73", "#E69F00", "#0072B2", "#CC79A7", "#56B4E9", "#F0E442", "#A0A0A0"}
	stateLegend    = [numStates]string{"running (at a register)", "waiting for a register", "blocked on a channel", "blocked on a mutex", "asleep", "in a system call", "blocked on something else"}
	otherFuncLabel = "other functions"
)

// WriteSVG draws the timeline as an SVG document titled title: a lane per P
// ("register 1" is P 0) with the goroutines that ran on it coloured by start
// function, a lane of how many goroutines were in each state over time ("the
// customers"), a time axis in milliseconds, a caption with the figures and
// legends. The same output serves as a standalone .svg file and inline in
// HTML: it has no XML prolog, no script, no style sheet, no id and nothing
// external, and its text uses the generic sans-serif font. The output depends
// only on the timeline: the same trace always gives the same bytes.
//
// Thousands of short spans are kept readable and small: spans narrower than
// a pixel and a half are pooled per pixel, drawn in the colour of the
// function that ran most of that pixel with an opacity showing how busy the
// register was, and at most 20,000 rectangles are drawn.
func (t *Timeline) WriteSVG(w io.Writer, title string) error {
	d := newDrawing(t)
	d.header(title)
	d.registers()
	d.customers()
	d.axis()
	d.legends()
	d.b.WriteString("</svg>\n")
	out := strings.ReplaceAll(d.b.String(), heightMark, fmt.Sprint(d.y))
	if _, err := io.WriteString(w, out); err != nil {
		return fmt.Errorf("timeline: writing the SVG: %w", err)
	}
	return nil
}

// heightMark stands for the picture's height until it is known.
const heightMark = "\x00height\x00"

// drawing is a picture being drawn, top to bottom.
type drawing struct {
	t       *Timeline
	b       strings.Builder
	y       int           // where the next part goes
	window  time.Duration // the window's length, at least 1ns
	colours map[string]string
	order   []string // labels in the legend, most running time first
	rects   int      // rectangles drawn so far
	capped  bool     // rectangles were left out past maxRects
	top     int      // where the registers start, for the grid lines
}

func newDrawing(t *Timeline) *drawing {
	d := &drawing{t: t, window: max(t.End-t.Start, 1)}
	d.colours, d.order = colourFunctions(t.Lanes)
	return d
}

// colourFunctions gives each label that ran a colour: "runtime" grey, the
// others the palette's in order of running time, the rest "other functions".
func colourFunctions(lanes []Lane) (colours map[string]string, order []string) {
	ran := map[string]time.Duration{}
	for _, l := range lanes {
		for _, s := range l.Spans {
			ran[s.Label] += s.End - s.Start
		}
	}
	labels := slices.SortedFunc(maps.Keys(ran), func(a, b string) int {
		return cmp.Or(cmp.Compare(rank(a), rank(b)), cmp.Compare(ran[b], ran[a]), cmp.Compare(a, b))
	})
	named := len(labels)
	if ran[runtimeLabel] > 0 {
		named--
	}
	colours = map[string]string{}
	for i, l := range labels {
		switch {
		case l == runtimeLabel:
			colours[l] = runtimeColour
		case named <= len(funcColours) || i < len(funcColours)-1:
			colours[l] = funcColours[i]
		default:
			colours[l] = otherFuncs
		}
	}
	return colours, labels
}

// rank puts "runtime" after the program's functions.
func rank(label string) int {
	if label == runtimeLabel {
		return 1
	}
	return 0
}

// x returns the horizontal position of a moment of the window.
func (d *drawing) x(at time.Duration) float64 {
	return plotLeft + float64(at)/float64(d.window)*plotWidth
}

// header opens the document and writes the title and the caption.
func (d *drawing) header(title string) {
	fmt.Fprintf(&d.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%s" viewBox="0 0 %d %s" `+
		`font-family="sans-serif" font-size="12" role="img" aria-label="%s" style="max-width:100%%;height:auto">`+"\n",
		svgWidth, heightMark, svgWidth, heightMark, escape(title))
	fmt.Fprintf(&d.b, "<title>%s</title>\n", escape(title))
	fmt.Fprintf(&d.b, `<rect width="%d" height="%s" fill="#FFFFFF"/>`+"\n", svgWidth, heightMark)
	fmt.Fprintf(&d.b, `<text x="16" y="28" font-size="17" font-weight="bold" fill="#222222">%s</text>`+"\n", escape(title))
	for i, line := range d.caption() {
		fmt.Fprintf(&d.b, `<text x="16" y="%d" fill="#444444">%s</text>`+"\n", 50+18*i, escape(line))
	}
	d.y = 50 + 18*len(d.caption()) + 8
}

// caption returns the figures in words, a line each for the registers and
// the customers.
func (d *drawing) caption() []string {
	f := d.t.Figures
	window := "window " + ms(f.Window)
	if d.t.Region != "" {
		window += " (region " + d.t.Region + ")"
	}
	first := fmt.Sprintf("parallelism %.2f · at most %d %s alive · %d %s · %s",
		f.Parallelism, f.Goroutines, plural(f.Goroutines, "goroutine", "goroutines"), f.Procs, plural(f.Procs, "register", "registers"), window)
	second := fmt.Sprintf("customers' time: running %s · waiting for a register %s · blocked %s",
		ms(f.Running), ms(f.Runnable), ms(f.Blocked))
	var by []string
	for s := Channel; s < numStates; s++ {
		if v, ok := f.BlockedBy[s.String()]; ok {
			by = append(by, s.String()+" "+ms(v))
		}
	}
	if len(by) > 0 {
		second += " (" + strings.Join(by, ", ") + ")"
	}
	return []string{first, second}
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// ms formats a duration in milliseconds, with three significant digits or
// more.
func ms(d time.Duration) string {
	v := d.Seconds() * 1e3
	switch {
	case v >= 10:
		return fmt.Sprintf("%.1f ms", v)
	case v >= 1:
		return fmt.Sprintf("%.2f ms", v)
	}
	return fmt.Sprintf("%.3f ms", v)
}

// escape makes text safe inside an element or a quoted attribute.
func escape(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;", "'", "&apos;").Replace(s)
}

// f1 formats a coordinate with one decimal, always the same way.
func f1(v float64) string {
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // not -0
	}
	return fmt.Sprintf("%.1f", v)
}
