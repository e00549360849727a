package curve

import (
	"fmt"
	"html"
	"io"
	"math"
	"strings"
)

// WriteTable writes the curves as one Markdown table.
func WriteTable(w io.Writer, curves []Curve) error {
	var b strings.Builder
	b.WriteString("| kata | CPUs | one CPU | sequential | at CPUs | speedup | machine |\n|---|---|---|---|---|---|---|\n")
	for _, c := range curves {
		for i, p := range c.Points {
			fmt.Fprintf(&b, "| %s | %d | %v | %v | %v | %.2fx | %.2fx |\n",
				c.Kata, p.CPUs, c.Points[0].Run, p.Seq, p.Run, c.Speedup(i), p.Machine)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// palette colours the curves in turn; chosen to stay apart for colour-blind readers.
var palette = []string{"#0072b2", "#d55e00", "#009e73", "#cc79a7", "#e69f00", "#56b4e9"}

// WriteSVG draws speedup against CPUs: one line per kata, the calibration
// kernel (what the machine could give) in grey, and ideal scaling dashed.
// title goes above the chart, for example the machine the figures come from.
func WriteSVG(w io.Writer, title string, curves []Curve) error {
	const (
		width, height = 640, 420
		left, right   = 60, 170
		top, bottom   = 40, 50
	)
	maxCPUs := 2
	for _, c := range curves {
		for _, p := range c.Points {
			maxCPUs = max(maxCPUs, p.CPUs)
		}
	}
	top1 := float64(maxCPUs)
	plotW, plotH := float64(width-left-right), float64(height-top-bottom)
	x := func(cpus float64) float64 { return left + (cpus-1)/(top1-1)*plotW }
	y := func(s float64) float64 { return top + plotH - (math.Min(s, top1)-0)/top1*plotH }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="12">`+"\n", width, height, width, height)
	fmt.Fprintf(&b, `<rect width="%d" height="%d" fill="white"/>`+"\n", width, height)
	fmt.Fprintf(&b, `<text x="%d" y="22" font-size="14">%s</text>`+"\n", left, html.EscapeString(title))
	// Axes and grid.
	for _, t := range ticks(maxCPUs) {
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", x(t), top, x(t), top+plotH)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" text-anchor="middle">%g</text>`+"\n", x(t), top+plotH+16, t)
		fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#ddd"/>`+"\n", left, y(t), left+plotW, y(t))
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" text-anchor="end">%gx</text>`+"\n", left-6, y(t)+4, t)
	}
	fmt.Fprintf(&b, `<line x1="%d" y1="%.1f" x2="%.1f" y2="%.1f" stroke="black"/>`+"\n", left, top+plotH, left+plotW, top+plotH)
	fmt.Fprintf(&b, `<line x1="%d" y1="%d" x2="%d" y2="%.1f" stroke="black"/>`+"\n", left, top, left, top+plotH)
	fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle">CPUs (GOMAXPROCS)</text>`+"\n", left+plotW/2, height-12)
	fmt.Fprintf(&b, `<text x="16" y="%.1f" text-anchor="middle" transform="rotate(-90 16 %.1f)">speedup over one CPU</text>`+"\n", top+plotH/2, top+plotH/2)
	// Ideal scaling.
	fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="#999" stroke-dasharray="6 4"/>`+"\n", x(1), y(1), x(top1), y(top1))
	legend := func(i int, colour, dash, label string) {
		ly := float64(top + 10 + 20*i)
		fmt.Fprintf(&b, `<line x1="%.1f" y1="%.1f" x2="%.1f" y2="%.1f" stroke="%s" stroke-width="2"%s/>`+"\n",
			left+plotW+12, ly, left+plotW+36, ly, colour, dash)
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f">%s</text>`+"\n", left+plotW+42, ly+4, html.EscapeString(label))
	}
	legend(0, "#999", ` stroke-dasharray="6 4"`, "ideal")
	if len(curves) > 0 {
		var pts []string
		for _, p := range curves[0].Points {
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(float64(p.CPUs)), y(p.Machine)))
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="#bbb" stroke-width="2" stroke-dasharray="2 3"/>`+"\n", strings.Join(pts, " "))
		legend(1, "#bbb", ` stroke-dasharray="2 3"`, "machine")
	}
	for ci, c := range curves {
		colour := palette[ci%len(palette)]
		var pts []string
		for i, p := range c.Points {
			px, py := x(float64(p.CPUs)), y(c.Speedup(i))
			pts = append(pts, fmt.Sprintf("%.1f,%.1f", px, py))
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="3" fill="%s"><title>%s: %.2fx on %d CPUs</title></circle>`+"\n",
				px, py, colour, html.EscapeString(c.Kata), c.Speedup(i), p.CPUs)
		}
		fmt.Fprintf(&b, `<polyline points="%s" fill="none" stroke="%s" stroke-width="2"/>`+"\n", strings.Join(pts, " "), colour)
		legend(ci+2, colour, "", c.Kata)
	}
	b.WriteString("</svg>\n")
	_, err := io.WriteString(w, b.String())
	return err
}

// ticks are the axis marks: 1, 2, 4, … up to n, and n.
func ticks(n int) []float64 {
	var ts []float64
	for t := 1; t < n; t *= 2 {
		ts = append(ts, float64(t))
	}
	return append(ts, float64(n))
}
