package timeline

import (
	"cmp"
	"fmt"
	"maps"
	"math"
	"slices"
	"time"
)

// registers draws a lane per P with the spans that ran on it.
func (d *drawing) registers() {
	d.top = d.y
	for i, l := range d.t.Lanes {
		y := d.y
		fmt.Fprintf(&d.b, `<g class="register" data-proc="%d">`+"\n", l.Proc)
		fmt.Fprintf(&d.b, `<text x="%d" y="%d" text-anchor="end" fill="#222222">register %d</text>`+"\n",
			plotLeft-10, y+laneHeight/2+4, i+1)
		fmt.Fprintf(&d.b, `<rect x="%d" y="%d" width="%d" height="%d" fill="#F3F3F3"/>`+"\n", plotLeft, y, plotWidth, laneHeight)
		d.spans(l.Spans, y)
		d.b.WriteString("</g>\n")
		d.y += laneHeight + laneGap
	}
	if d.capped {
		fmt.Fprintf(&d.b, `<text x="%d" y="%d" fill="#444444" font-size="11">only the first %d rectangles are drawn</text>`+"\n",
			plotLeft, d.y+6, maxRects)
		d.y += 14
	}
}

// column is a pixel's worth of spans too narrow to draw one by one: how long
// each label ran in it.
type column map[string]time.Duration

// spans draws a lane's spans at height y: the wide ones one by one, the
// narrow ones pooled per pixel.
func (d *drawing) spans(spans []Span, y int) {
	columns := make([]column, plotWidth+1)
	for _, s := range spans {
		x0, x1 := d.x(s.Start), d.x(s.End)
		if x1-x0 >= wideSpan {
			title := fmt.Sprintf("goroutine %d · %s · %s to %s", s.Goroutine, s.Label, ms(s.Start), ms(s.End))
			d.rect(x0, x1, y, d.colours[s.Label], 1, title)
			continue
		}
		for px := int(x0 - plotLeft); float64(px+plotLeft) < x1 && px <= plotWidth; px++ {
			// The part of the span inside pixel px.
			lo, hi := max(x0, float64(px+plotLeft)), min(x1, float64(px+plotLeft+1))
			if hi <= lo {
				continue
			}
			if columns[px] == nil {
				columns[px] = column{}
			}
			columns[px][s.Label] += time.Duration((hi - lo) / plotWidth * float64(d.window))
		}
	}
	d.pooled(columns, y)
}

// pooled draws the pooled pixels: each in the colour of the label that ran
// most of it, as opaque as the register was busy (in quarters), neighbours
// that look the same as one rectangle.
func (d *drawing) pooled(columns []column, y int) {
	pixel := float64(d.window) / plotWidth
	type look struct {
		colour  string
		opacity float64
	}
	looks := make([]look, len(columns))
	for px, c := range columns {
		if len(c) == 0 {
			continue
		}
		var busy time.Duration
		for _, v := range c {
			busy += v
		}
		top := slices.MaxFunc(slices.Sorted(maps.Keys(c)), func(a, b string) int {
			return cmp.Or(cmp.Compare(c[a], c[b]), cmp.Compare(b, a))
		})
		looks[px] = look{d.colours[top], min(1, math.Ceil(float64(busy)/pixel*4)/4)}
	}
	for px := 0; px < len(looks); {
		end := px + 1
		for end < len(looks) && looks[end] == looks[px] {
			end++
		}
		if looks[px].colour != "" {
			d.rect(float64(px+plotLeft), float64(end+plotLeft), y, looks[px].colour, looks[px].opacity, "")
		}
		px = end
	}
}

// rect draws one span's rectangle from x0 to x1 in a lane at height y, with
// a tooltip if title is not empty, unless maxRects are drawn already.
func (d *drawing) rect(x0, x1 float64, y int, colour string, opacity float64, title string) {
	if d.rects >= maxRects {
		d.capped = true
		return
	}
	d.rects++
	x1 = min(x1, plotRight)
	fmt.Fprintf(&d.b, `<rect x="%s" y="%d" width="%s" height="%d" fill="%s"`, f1(x0), y+1, f1(max(x1-x0, 0.1)), laneHeight-2, colour)
	if opacity < 1 {
		fmt.Fprintf(&d.b, ` fill-opacity="%.2f"`, opacity)
	}
	if title == "" {
		d.b.WriteString("/>\n")
		return
	}
	fmt.Fprintf(&d.b, "><title>%s</title></rect>\n", escape(title))
}
