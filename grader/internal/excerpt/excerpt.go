// Package excerpt turns the output of a failing test into the few lines that
// teach: the assertion's message and diff, the student's own file and line,
// and, for a deadlock, a hang or a leak, where each of the student's
// goroutines waits and on what. Runtime, testing and harness frames are left
// out; the full output stays available elsewhere (-v, --json).
package excerpt

import (
	"fmt"
	"path"
	"regexp"
	"strconv"
	"strings"
)

// Of returns the excerpt of output, the output of one test, for a kata whose
// student file is named stub ("hedge.go"). Output it cannot read comes back
// trimmed, as it was.
func Of(output, stub string) string {
	p := &parser{lines: strings.Split(strings.ReplaceAll(output, "\r\n", "\n"), "\n"), stub: stub}
	p.parse()
	if len(p.sections) == 0 {
		return strings.TrimSpace(output)
	}
	out := make([]string, len(p.sections))
	for i, s := range p.sections {
		out[i] = s
		if n := p.counts[i]; n > 1 {
			out[i] += fmt.Sprintf("\n  (%d times)", n)
		}
	}
	return strings.Join(out, "\n")
}

type parser struct {
	lines     []string
	i         int
	stub      string
	sections  []string
	counts    []int           // how many times each section was seen
	lists     map[string]bool // goroutine lists already shown
	stuckSeen bool
	seen      map[string]int // section text -> index, to fold repeats
}

var (
	testifyHead   = regexp.MustCompile(`^\s*(\S+\.go:\d+): *$`)
	testifyField  = regexp.MustCompile(`^([A-Z][A-Za-z ]*):\s*\t(.*)$`)
	callLine      = regexp.MustCompile(`^(created by )?[\w./*()\[\]-]+\(.*\)$|^\.\.\.additional frames elided\.\.\.$`)
	goroutineHead = regexp.MustCompile(`^goroutine (\d+) \[([^\]]*)\]:$`)
	raceAccess    = regexp.MustCompile(`^(Read|Write|Previous read|Previous write) at 0x[0-9a-f]+ by goroutine (\d+):$`)
	leakHead      = regexp.MustCompile(`^\s*\[?\s*Goroutine (\d+) in state (.*), with .* on top of the stack:$`)
	frameFile     = regexp.MustCompile(`^\s*(/\S+\.go|\S+\.go):(\d+)( \+0x[0-9a-f]+)?$`)
	stuckSummary  = regexp.MustCompile(`^\s+(\d+) goroutine\(s\) in (.+) at (\S+)$`)
)

// add appends a section, counting instead one that repeats an earlier one
// (the same failure in several subtests).
func (p *parser) add(s string) {
	if s == "" {
		return
	}
	if p.seen == nil {
		p.seen = map[string]int{}
	}
	if i, ok := p.seen[s]; ok {
		p.counts[i]++
		return
	}
	p.seen[s] = len(p.sections)
	p.sections = append(p.sections, s)
	p.counts = append(p.counts, 1)
}

func (p *parser) parse() {
	for p.i < len(p.lines) {
		line := p.lines[p.i]
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			p.i++
		case testifyHead.MatchString(line) && p.i+1 < len(p.lines) && strings.Contains(p.lines[p.i+1], "Error Trace:"):
			p.testify()
		case strings.HasPrefix(trimmed, "panic: ") || strings.HasPrefix(trimmed, "fatal error: "):
			p.panic(trimmed)
		case trimmed == "WARNING: DATA RACE":
			p.race()
		case strings.Contains(line, "the synctest bubble is stuck"):
			p.stuck()
		case strings.HasSuffix(trimmed, "found unexpected goroutines:"):
			p.leak(p.sectionsHeadline())
		case goroutineHead.MatchString(trimmed):
			p.add(p.describe("Where your goroutines were:", p.dump()))
		case trimmed == "==================" || strings.HasPrefix(trimmed, "testing.go:") && strings.Contains(trimmed, "race detected"),
			callLine.MatchString(trimmed) || frameFile.MatchString(trimmed):
			// separators, and stack frames cut off from their goroutine
			p.i++
		default:
			p.add(trimmed)
			p.i++
		}
	}
}

// sectionsHeadline drops a plain line just added that only introduces a
// goleak report ("goroutines left running (leaked):").
func (p *parser) sectionsHeadline() string {
	if n := len(p.sections); n > 0 && strings.HasSuffix(p.sections[n-1], ":") {
		last := p.sections[n-1]
		delete(p.seen, last)
		p.sections, p.counts = p.sections[:n-1], p.counts[:n-1]
		return last
	}
	return "goroutines left running:"
}

// testify reads one testify failure block.
func (p *parser) testify() {
	at := testifyHead.FindStringSubmatch(p.lines[p.i])[1]
	p.i++
	fields := map[string][]string{}
	key := ""
	for ; p.i < len(p.lines); p.i++ {
		line := p.lines[p.i]
		if !strings.HasPrefix(line, "    \t") && !strings.HasPrefix(line, "\t") {
			break
		}
		rest := strings.TrimPrefix(strings.TrimPrefix(line, "    "), "\t")
		if m := testifyField.FindStringSubmatch(rest); m != nil {
			key = m[1]
			fields[key] = append(fields[key], m[2])
			continue
		}
		if key != "" {
			_, cont, _ := strings.Cut(rest, "\t")
			fields[key] = append(fields[key], cont)
		}
	}
	var b strings.Builder
	if m := fields["Messages"]; len(m) > 0 {
		fmt.Fprintf(&b, "%s\n", strings.Join(m, "\n"))
	}
	for i, l := range fields["Error"] {
		if i == 0 {
			fmt.Fprintf(&b, "  %s\n", l)
		} else {
			fmt.Fprintf(&b, "    %s\n", l)
		}
	}
	fmt.Fprintf(&b, "  (%s)", path.Base(at))
	p.add(b.String())
}

// panic reads a panic or fatal error and the goroutine dump after it.
func (p *parser) panic(first string) {
	msg := strings.TrimSuffix(strings.TrimSuffix(first, " [recovered, repanicked]"), " [recovered]")
	p.i++
	// A time-out lists the tests still running before the goroutines.
	for p.i < len(p.lines) && strings.Contains(msg, "test timed out") && !goroutineHead.MatchString(strings.TrimSpace(p.lines[p.i])) {
		p.i++
	}
	gs := p.dump()
	switch {
	case strings.Contains(msg, "inside the synctest bubble") && p.stuckSeen:
		// the harness's own panic after the report of a stuck bubble
	case strings.Contains(msg, "main bubble goroutine has exited but blocked goroutines remain"):
		p.add(p.describe("The test ended, but goroutines of your code are still blocked (they leak):", gs))
	case strings.Contains(msg, "all goroutines in bubble are blocked"):
		p.add(p.describe("Every goroutine is blocked: a deadlock. Where your goroutines wait:", gs))
	case strings.Contains(msg, "test timed out"):
		p.add(p.describe(msg+"\nWhere your goroutines were:", gs))
	default:
		text := msg
		for _, g := range gs {
			if g.running() {
				if f, ok := p.ownFrame(g); ok {
					text += "\n  at " + f.String()
					break
				}
			}
		}
		p.add(text)
	}
}

// stuck reads the harness's report of a bubble stuck on locks.
func (p *parser) stuck() {
	p.i++
	for p.i < len(p.lines) && !stuckSummary.MatchString(p.lines[p.i]) && !goroutineHead.MatchString(p.lines[p.i]) {
		p.i++
	}
	for p.i < len(p.lines) && stuckSummary.MatchString(p.lines[p.i]) {
		p.i++
	}
	gs := p.dump()
	p.stuckSeen = true
	p.add(p.describe("Deadlock: goroutines wait for locks that are never released, so fake time cannot advance. Where they wait:", gs))
}

// leak reads a goleak report.
func (p *parser) leak(headline string) {
	p.i++
	var gs []goroutine
	for p.i < len(p.lines) {
		line := p.lines[p.i]
		m := leakHead.FindStringSubmatch(line)
		if m == nil {
			if strings.TrimSpace(line) == "]" {
				p.i++
			}
			break
		}
		id, _ := strconv.Atoi(m[1])
		g := goroutine{id: id, state: m[2]}
		p.i++
		g.frames = p.frames()
		gs = append(gs, g)
	}
	p.add(p.describe(strings.TrimSuffix(headline, ":")+":", gs))
}

// race reads one race report.
func (p *parser) race() {
	p.i++
	var accesses []string
	for p.i < len(p.lines) {
		line := strings.TrimSpace(p.lines[p.i])
		if line == "==================" {
			p.i++
			break
		}
		m := raceAccess.FindStringSubmatch(line)
		p.i++
		if m == nil {
			continue
		}
		fs := p.frames()
		where := "somewhere outside your file"
		if f, ok := p.first(fs); ok {
			where = f.String()
		}
		verb := map[string]string{"Read": "reads", "Write": "writes", "Previous read": "read earlier", "Previous write": "wrote earlier"}[m[1]]
		accesses = append(accesses, fmt.Sprintf("  goroutine %s %s at %s", m[2], verb, where))
	}
	p.add("Data race: two goroutines touch the same memory, at least one writing, with nothing ordering them:\n" + strings.Join(accesses, "\n"))
}

type frame struct {
	function, file string
	line           int
}

func (f frame) String() string {
	return fmt.Sprintf("%s:%d in %s", path.Base(f.file), f.line, f.function)
}

type goroutine struct {
	id     int
	state  string
	frames []frame
}

func (g goroutine) running() bool {
	s := cleanState(g.state)
	return s == "running" || s == "runnable"
}

// dump reads goroutine blocks until something else.
func (p *parser) dump() []goroutine {
	var gs []goroutine
	for p.i < len(p.lines) {
		line := strings.TrimSpace(p.lines[p.i])
		if line == "" {
			p.i++
			continue
		}
		m := goroutineHead.FindStringSubmatch(line)
		if m == nil {
			break
		}
		id, _ := strconv.Atoi(m[1])
		g := goroutine{id: id, state: m[2]}
		p.i++
		g.frames = p.frames()
		gs = append(gs, g)
	}
	return gs
}

// frames reads function/file line pairs, and a "created by" pair.
func (p *parser) frames() []frame {
	var fs []frame
	for p.i+1 < len(p.lines) {
		fn := strings.TrimSpace(p.lines[p.i])
		m := frameFile.FindStringSubmatch(p.lines[p.i+1])
		if fn == "" || m == nil {
			break
		}
		n, _ := strconv.Atoi(m[2])
		if !strings.HasPrefix(fn, "created by ") {
			fs = append(fs, frame{function: shortFunction(fn), file: m[1], line: n})
		}
		p.i += 2
	}
	return fs
}

// ownFrame is the first frame of g in the student's file.
func (p *parser) ownFrame(g goroutine) (frame, bool) { return p.first(g.frames) }

func (p *parser) first(fs []frame) (frame, bool) {
	for _, f := range fs {
		if strings.HasSuffix(f.file, "/"+p.stub) || f.file == p.stub {
			return f, true
		}
	}
	return frame{}, false
}

// describe lists the student's goroutines of gs, grouped by where they wait
// and on what.
func (p *parser) describe(headline string, gs []goroutine) string {
	type place struct{ where, what string }
	count := map[place]int{}
	var order []place
	for _, g := range gs {
		f, ok := p.ownFrame(g)
		if !ok {
			continue
		}
		where := fmt.Sprintf("%s:%d", path.Base(f.file), f.line)
		if f.line <= 1 {
			where = path.Base(f.file) // an inlined frame whose line the runtime lost
		}
		pl := place{where, waitingOn(g.state) + " (in " + f.function + ")"}
		if count[pl] == 0 {
			order = append(order, pl)
		}
		count[pl]++
	}
	if len(order) == 0 {
		return headline + "\n  (none of them is in " + path.Base(p.stub) + ": the test's own goroutines are blocked waiting for your code)"
	}
	var lines []string
	for _, pl := range order {
		n := ""
		if c := count[pl]; c > 1 {
			n = fmt.Sprintf("%d goroutines ", c)
		}
		lines = append(lines, fmt.Sprintf("  %s: %s%s", pl.where, n, pl.what))
	}
	list := strings.Join(lines, "\n")
	if p.lists[list] {
		return "" // the same goroutines, already shown under another heading
	}
	if p.lists == nil {
		p.lists = map[string]bool{}
	}
	p.lists[list] = true
	return headline + "\n" + list
}

// cleanState drops what the runtime adds to a goroutine's wait reason.
func cleanState(s string) string {
	s, _, _ = strings.Cut(s, ",")
	s = strings.TrimSuffix(strings.TrimSpace(s), " (durable)")
	return s
}

// waitingOn says in words what a goroutine in state is doing.
func waitingOn(state string) string {
	s := cleanState(state)
	switch {
	case s == "chan send (nil chan)" || s == "chan receive (nil chan)":
		return "blocked forever on a nil channel"
	case s == "chan send":
		return "blocked sending on a channel nobody receives from"
	case s == "chan receive":
		return "blocked receiving from a channel nobody sends on or closes"
	case s == "select (no cases)":
		return "blocked in an empty select"
	case s == "select":
		return "blocked in a select where no case can go on"
	case s == "sync.WaitGroup.Wait":
		return "waiting on a WaitGroup whose counter never reaches zero"
	case s == "sync.Cond.Wait":
		return "waiting on a Cond nobody signals"
	case strings.HasPrefix(s, "sync.Mutex.Lock") || strings.HasPrefix(s, "sync.RWMutex."):
		return "waiting for a lock that is never released"
	case s == "sleep":
		return "sleeping"
	case s == "running" || s == "runnable":
		return "running (a loop that never blocks?)"
	}
	return s
}

// shortFunction drops the import path and arguments of a frame's function:
// "github.com/x/exercises/03-mutex.(*Ledger).Transfer(0xc0, ...)" is
// "(*Ledger).Transfer".
func shortFunction(fn string) string {
	if i := strings.LastIndex(fn, "("); i > 0 && strings.HasSuffix(fn, ")") && !strings.HasSuffix(fn, ".func1()") {
		// drop the argument list, but not a method's receiver
		if j := strings.LastIndex(fn[:i], "."); j >= 0 && j < i {
			fn = fn[:i]
		}
	}
	fn = strings.TrimSuffix(fn, "(...)")
	fn = strings.TrimSuffix(fn, "()")
	if i := strings.LastIndex(fn, "/"); i >= 0 {
		fn = fn[i+1:]
	}
	if _, rest, ok := strings.Cut(fn, "."); ok {
		fn = rest
	}
	return fn
}
