package timeline

import (
	"cmp"
	"slices"
	"time"

	"golang.org/x/exp/trace"
)

// build makes the timeline of the recorder's window.
func build(r *recorder) *Timeline {
	ws, we, region := r.window()
	tl := &Timeline{
		Start:  ws.Sub(r.first),
		End:    we.Sub(r.first),
		Region: region,
	}
	clipped := clip(r.intervals, ws, we)
	gs := describe(r, clipped)
	tl.Goroutines = gs
	labels := make(map[trace.GoID]Goroutine, len(gs))
	for _, g := range gs {
		labels[trace.GoID(g.ID)] = g
	}
	tl.Lanes = lanes(r.procs, clipped, labels)
	counted := slices.DeleteFunc(slices.Clone(clipped), func(iv interval) bool { return iv.forTest || labels[iv.g].Runtime })
	tl.Samples = samples(counted, we.Sub(ws))
	tl.Figures = figures(counted, tl.Samples, we.Sub(ws))
	tl.Figures.Procs = len(tl.Lanes)
	return tl
}

// clip returns the intervals that overlap the window [ws, we], cut to it and
// measured from ws (as trace.Time, in nanoseconds), sorted by start, then
// goroutine.
func clip(ivs []interval, ws, we trace.Time) []interval {
	var out []interval
	for _, iv := range ivs {
		iv.start, iv.end = max(iv.start, ws), min(iv.end, we)
		if iv.end <= iv.start {
			continue
		}
		iv.start, iv.end = iv.start-ws, iv.end-ws
		out = append(out, iv)
	}
	slices.SortFunc(out, func(a, b interval) int {
		return cmp.Or(cmp.Compare(a.start, b.start), cmp.Compare(a.g, b.g), cmp.Compare(a.end, b.end))
	})
	return out
}

// describe lists the goroutines that have intervals in the window, by ID.
func describe(r *recorder, clipped []interval) []Goroutine {
	var gs []Goroutine
	seen := map[trace.GoID]bool{}
	for _, iv := range clipped {
		if seen[iv.g] {
			continue
		}
		seen[iv.g] = true
		g := r.goroutines[iv.g]
		fn := g.startOf()
		gs = append(gs, Goroutine{ID: int64(iv.g), Func: fn, Label: labelOf(fn, isRuntime(fn)), Runtime: isRuntime(fn)})
	}
	slices.SortFunc(gs, func(a, b Goroutine) int { return cmp.Compare(a.ID, b.ID) })
	return gs
}

// lanes returns one lane per P, with the running intervals as spans.
func lanes(procs map[trace.ProcID]bool, clipped []interval, gs map[trace.GoID]Goroutine) []Lane {
	ids := make([]trace.ProcID, 0, len(procs))
	for p := range procs {
		ids = append(ids, p)
	}
	for _, iv := range clipped {
		if iv.state == Running && iv.proc >= 0 && !procs[iv.proc] {
			procs[iv.proc] = true
			ids = append(ids, iv.proc)
		}
	}
	slices.Sort(ids)
	index := map[trace.ProcID]int{}
	ls := make([]Lane, len(ids))
	for i, p := range ids {
		ls[i].Proc, index[p] = int(p), i
	}
	for _, iv := range clipped {
		if iv.state != Running || iv.proc < 0 {
			continue
		}
		l := &ls[index[iv.proc]]
		l.Spans = append(l.Spans, Span{
			Goroutine: int64(iv.g),
			Start:     time.Duration(iv.start),
			End:       time.Duration(iv.end),
			Label:     gs[iv.g].Label,
		})
	}
	return ls
}

// samples sweeps the intervals into counts of goroutines per state, one
// sample per moment in [0, window) the counts change.
func samples(ivs []interval, window time.Duration) []Sample {
	type change struct {
		at    time.Duration
		state State
		delta int
	}
	changes := make([]change, 0, 2*len(ivs))
	for _, iv := range ivs {
		changes = append(changes,
			change{time.Duration(iv.start), iv.state, +1},
			change{time.Duration(iv.end), iv.state, -1})
	}
	slices.SortStableFunc(changes, func(a, b change) int { return cmp.Compare(a.at, b.at) })
	out := []Sample{{At: 0}}
	var cur [numStates]int
	for i, c := range changes {
		cur[c.state] += c.delta
		if i+1 < len(changes) && changes[i+1].at == c.at || c.at >= window {
			continue // apply every change at one moment before sampling
		}
		switch last := &out[len(out)-1]; {
		case last.Count == cur:
		case last.At == c.at:
			last.Count = cur
		default:
			out = append(out, Sample{At: c.at, Count: cur})
		}
	}
	return out
}

// figures sums the counted intervals and samples up over a window of length
// window.
func figures(ivs []interval, ss []Sample, window time.Duration) Figures {
	f := Figures{Window: window, BlockedBy: map[string]time.Duration{}}
	for _, iv := range ivs {
		d := time.Duration(iv.end - iv.start)
		switch {
		case iv.state == Running:
			f.Running += d
		case iv.state == Runnable:
			f.Runnable += d
		default:
			f.Blocked += d
			f.BlockedBy[iv.state.String()] += d
		}
	}
	for _, s := range ss {
		f.Goroutines = max(f.Goroutines, s.Total())
	}
	if window > 0 {
		f.Parallelism = float64(f.Running) / float64(window)
	}
	return f
}
