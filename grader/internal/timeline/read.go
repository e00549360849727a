package timeline

import (
	"cmp"
	"errors"
	"fmt"
	"io"

	"golang.org/x/exp/trace"
)

// Read reads a whole execution trace, as runtime/trace writes it, and returns
// the timeline of the window opts chooses.
func Read(r io.Reader, opts Options) (*Timeline, error) {
	tr, err := trace.NewReader(r)
	if err != nil {
		return nil, fmt.Errorf("timeline: reading the trace: %w", err)
	}
	rec := newRecorder(opts.Region)
	for {
		ev, err := tr.ReadEvent()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("timeline: reading the trace: %w", err)
		}
		rec.event(ev)
	}
	if !rec.started {
		return nil, errors.New("timeline: reading the trace: it holds no events")
	}
	rec.finish()
	return build(rec), nil
}

// interval is one stretch of a goroutine in one state; proc is the P it ran
// on when the state is Running. A testing goroutine blocked until a test
// ends is waiting for the test, not part of the workload.
type interval struct {
	g          trace.GoID
	state      State
	proc       trace.ProcID
	start, end trace.Time
	forTest    bool
}

// goroutine is what the recorder knows of one goroutine so far.
type goroutine struct {
	fn        string // start function, from its creation
	outermost string // outermost frame of a stack seen, if fn is unknown
	inner     string // the function a wrapper fn (wrappers) called
	seen      bool   // the trace has reported its state

	alive   bool // in a State, since since
	state   State
	proc    trace.ProcID
	since   trace.Time
	forTest bool // blocked waiting for a test to end
}

// recorder turns the stream of events into intervals of goroutine states.
type recorder struct {
	region string

	started     bool
	first, last trace.Time // the trace's first and last events

	// The region's first begin and last end, if seen.
	begin, end       trace.Time
	hasBegin, hasEnd bool

	goroutines map[trace.GoID]*goroutine
	procs      map[trace.ProcID]bool // Ps seen existing
	intervals  []interval
}

func newRecorder(region string) *recorder {
	return &recorder{
		region:     region,
		goroutines: map[trace.GoID]*goroutine{},
		procs:      map[trace.ProcID]bool{},
	}
}

// event takes in one event of the trace, in order.
func (r *recorder) event(ev trace.Event) {
	if !r.started {
		r.started, r.first = true, ev.Time()
	}
	r.last = ev.Time()
	switch ev.Kind() {
	case trace.EventStateTransition:
		st := ev.StateTransition()
		switch st.Resource.Kind {
		case trace.ResourceGoroutine:
			r.goTransition(ev, st)
		case trace.ResourceProc:
			if _, to := st.Proc(); to == trace.ProcRunning || to == trace.ProcIdle {
				r.procs[st.Resource.Proc()] = true
			}
		}
	case trace.EventRegionBegin, trace.EventRegionEnd:
		r.regionEvent(ev)
	default:
		if g := ev.Goroutine(); g != trace.NoGoroutine {
			r.noteStack(r.goroutine(g), ev.Stack())
		}
	}
}

// regionEvent keeps the first begin and the last end of the chosen region.
func (r *recorder) regionEvent(ev trace.Event) {
	if r.region == "" || ev.Region().Type != r.region {
		return
	}
	if ev.Kind() == trace.EventRegionBegin && !r.hasBegin {
		r.begin, r.hasBegin = ev.Time(), true
	}
	if ev.Kind() == trace.EventRegionEnd {
		r.end, r.hasEnd = ev.Time(), true
	}
}

func (r *recorder) goroutine(id trace.GoID) *goroutine {
	g := r.goroutines[id]
	if g == nil {
		g = &goroutine{}
		r.goroutines[id] = g
	}
	return g
}

// noteStack learns what it can about g from a stack of g's.
func (r *recorder) noteStack(g *goroutine, stack trace.Stack) {
	if stack == trace.NoStack {
		return
	}
	if g.fn == "" && g.outermost == "" {
		g.outermost = startFunc(stack)
	}
	if g.inner == "" && (wrappers[g.fn] || wrappers[g.outermost]) {
		g.inner = wrapped(stack)
	}
}

// startOf returns the function g is named after: the one it was started in,
// or the one its wrapper called.
func (g *goroutine) startOf() string {
	return cmp.Or(g.inner, g.fn, g.outermost)
}

// goTransition moves a goroutine to its new state, closing the interval of
// its old one.
func (r *recorder) goTransition(ev trace.Event, st trace.StateTransition) {
	id := st.Resource.Goroutine()
	g := r.goroutine(id)
	from, to := st.Goroutine()
	if from == trace.GoNotExist && to != trace.GoNotExist {
		if fn := firstFunc(st.Stack); fn != "" {
			g.fn = fn
		}
	} else {
		r.noteStack(g, st.Stack)
	}
	if actor := ev.Goroutine(); actor != trace.NoGoroutine {
		r.noteStack(r.goroutine(actor), ev.Stack())
	}
	at := ev.Time()
	if from == trace.GoUndetermined && !g.seen {
		at = r.first // it has been in this state since before the trace says
	}
	g.seen = true
	state, alive := stateOf(to, st.Reason, st.Stack)
	proc := ev.Proc()
	if alive && g.alive && state == g.state && (state != Running || proc == g.proc) {
		return // a generation's report of a state already known
	}
	r.close(id, g, ev.Time())
	g.alive, g.state, g.proc, g.since = alive, state, proc, at
	g.forTest = state.Blocked() && waitsForTest(st.Stack)
}

// close ends g's current interval at t, if it is in one.
func (r *recorder) close(id trace.GoID, g *goroutine, t trace.Time) {
	if !g.alive {
		return
	}
	r.intervals = append(r.intervals, interval{g: id, state: g.state, proc: g.proc, start: g.since, end: t, forTest: g.forTest})
	g.alive = false
}

// finish closes every interval still open when the trace ends.
func (r *recorder) finish() {
	for id, g := range r.goroutines {
		r.close(id, g, r.last)
	}
}

// window returns the part of the trace to draw and the region that chose it,
// if one did.
func (r *recorder) window() (start, end trace.Time, region string) {
	if !r.hasBegin && !r.hasEnd {
		return r.first, r.last, ""
	}
	start, end = r.first, r.last
	if r.hasBegin {
		start = r.begin
	}
	if r.hasEnd && r.end >= start {
		end = r.end
	}
	return start, end, r.region
}
