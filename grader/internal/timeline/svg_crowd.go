package timeline

import (
	"fmt"
	"math"
	"strings"
	"time"
)

// customers draws the lane of how many goroutines were in each state: a
// stacked area, averaged over buckets of bucketWidth pixels, running at the
// bottom.
func (d *drawing) customers() {
	y0 := d.y + 12
	avg := d.buckets()
	peak := 0.0
	for _, b := range avg {
		total := 0.0
		for _, v := range b {
			total += v
		}
		peak = max(peak, total)
	}
	ymax := max(1, math.Ceil(peak-1e-9))
	fmt.Fprintf(&d.b, `<g class="customers">`+"\n")
	fmt.Fprintf(&d.b, `<text x="%d" y="%d" text-anchor="end" fill="#222222">customers</text>`+"\n", plotLeft-10, y0+crowdHeight/2+4)
	fmt.Fprintf(&d.b, `<text x="%d" y="%d" text-anchor="end" fill="#666666" font-size="10">%d</text>`+"\n", plotLeft-4, y0+8, int(ymax))
	fmt.Fprintf(&d.b, `<text x="%d" y="%d" text-anchor="end" fill="#666666" font-size="10">0</text>`+"\n", plotLeft-4, y0+crowdHeight)
	fmt.Fprintf(&d.b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#F3F3F3"/>`+"\n", plotLeft, y0, plotWidth, crowdHeight)
	scale := crowdHeight / ymax
	below := make([]float64, len(avg))
	for s := range State(numStates) {
		above := make([]float64, len(avg))
		shown := false
		for i, b := range avg {
			above[i] = below[i] + b[s]
			shown = shown || b[s] > 0
		}
		if shown {
			fmt.Fprintf(&d.b, `<path d="%s" fill="%s"/>`+"\n", area(below, above, float64(y0+crowdHeight), scale), stateColours[s])
		}
		below = above
	}
	d.b.WriteString("</g>\n")
	d.y = y0 + crowdHeight
}

// buckets returns, for each bucket of the customers lane, the average number
// of goroutines in each state over it.
func (d *drawing) buckets() [][numStates]float64 {
	n := plotWidth / bucketWidth
	width := float64(d.window) / float64(n)
	sums := make([][numStates]float64, n)
	ss := d.t.Samples
	for i, s := range ss {
		from, to := float64(s.At), float64(d.window)
		if i+1 < len(ss) {
			to = float64(ss[i+1].At)
		}
		for b := int(from / width); b < n && float64(b)*width < to; b++ {
			overlap := min(to, float64(b+1)*width) - max(from, float64(b)*width)
			if overlap <= 0 {
				continue
			}
			for st, c := range s.Count {
				sums[b][st] += float64(c) * overlap
			}
		}
	}
	for b := range sums {
		for st := range sums[b] {
			sums[b][st] /= width
		}
	}
	return sums
}

// area returns the path of the band between two step outlines, below and
// above, over buckets from plotLeft on; base is the lane's bottom and scale
// pixels per goroutine.
func area(below, above []float64, base, scale float64) string {
	var p strings.Builder
	y := func(v float64) string { return f1(base - v*scale) }
	bx := func(i int) string { return f1(float64(plotLeft + i*bucketWidth)) }
	fmt.Fprintf(&p, "M%s %s", bx(0), y(below[0]))
	last := ""
	step := func(v float64, x string) {
		if yv := y(v); yv != last {
			p.WriteString("V" + yv)
			last = yv
		}
		p.WriteString("H" + x)
	}
	last = y(below[0])
	for i := range above {
		step(above[i], bx(i+1))
	}
	for i := len(below) - 1; i >= 0; i-- {
		step(below[i], bx(i))
	}
	p.WriteString("Z")
	return p.String()
}

// axis draws the time axis, in milliseconds from the window's start, with
// faint grid lines up through the lanes.
func (d *drawing) axis() {
	y := d.y + 4
	step := tickStep(d.window)
	decimals := max(0, int(-math.Floor(math.Log10(step.Seconds()*1e3)+1e-9)))
	fmt.Fprintf(&d.b, `<g class="axis" fill="#444444" font-size="11">`+"\n")
	fmt.Fprintf(&d.b, `<path d="M%d %dH%d" stroke="#888888"/>`+"\n", plotLeft, y, plotRight)
	for at := time.Duration(0); at <= d.window; at += step {
		x := f1(d.x(at))
		fmt.Fprintf(&d.b, `<path d="M%s %dV%d" stroke="#000000" stroke-opacity="0.1"/>`, x, d.top, y)
		fmt.Fprintf(&d.b, `<path d="M%s %dV%d" stroke="#888888"/>`, x, y, y+4)
		fmt.Fprintf(&d.b, `<text x="%s" y="%d" text-anchor="middle">%.*f</text>`+"\n", x, y+16, decimals, at.Seconds()*1e3)
	}
	fmt.Fprintf(&d.b, `<text x="%d" y="%d" text-anchor="end">time since the window opened (ms)</text>`+"\n", plotRight, y+32)
	d.b.WriteString("</g>\n")
	d.y = y + 40
}

// tickStep returns a round step (1, 2 or 5 times a power of ten) that cuts
// the window into at most ten pieces.
func tickStep(window time.Duration) time.Duration {
	raw := float64(window) / 10
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*mag >= raw {
			return max(time.Duration(m*mag), 1)
		}
	}
	return max(time.Duration(10*mag), 1)
}

// legends draws what the colours mean: the registers' start functions, then
// the customers' states.
func (d *drawing) legends() {
	var funcs []swatch
	seen := map[string]bool{}
	for _, l := range d.order {
		c := d.colours[l]
		if c == otherFuncs {
			l = otherFuncLabel
		}
		if !seen[l] {
			seen[l] = true
			funcs = append(funcs, swatch{c, l})
		}
	}
	var states []swatch
	for s := range State(numStates) {
		states = append(states, swatch{stateColours[s], stateLegend[s]})
	}
	d.legend("registers serve", funcs)
	d.legend("customers are", states)
	d.y += 8
}

// swatch is one entry of a legend.
type swatch struct{ colour, label string }

// legend draws a titled row of swatches, wrapped to the picture's width.
func (d *drawing) legend(title string, entries []swatch) {
	y := d.y + 14
	fmt.Fprintf(&d.b, `<g class="legend"><text x="%d" y="%d" text-anchor="end" fill="#222222">%s</text>`+"\n", plotLeft-10, y, escape(title))
	x := plotLeft
	for _, e := range entries {
		width := 18 + textWidth(e.label) + 16
		if x+width > plotRight && x > plotLeft {
			x, y = plotLeft, y+18
		}
		fmt.Fprintf(&d.b, `<rect x="%d" y="%d" width="12" height="12" fill="%s"/>`, x, y-10, e.colour)
		fmt.Fprintf(&d.b, `<text x="%d" y="%d" fill="#222222">%s</text>`+"\n", x+18, y, escape(e.label))
		x += width
	}
	d.b.WriteString("</g>\n")
	d.y = y + 8
}

// textWidth estimates how wide a label is at 12px in a sans-serif font.
func textWidth(s string) int {
	return int(math.Ceil(float64(len([]rune(s))) * 6.6))
}
