// Package watchui is the full-screen loop of "grader watch": one kata at a
// time with its last result, a hint when asked for, and on to the next kata
// not complete once one earns full marks. Model is a bubbletea Model; the
// grading and the hints are functions of Config, so that Update and View can
// be tested without grading anything.
package watchui

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	tea "github.com/charmbracelet/bubbletea"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/report"
)

// State is what is known of a kata before it is graded here.
type State int

const (
	Unknown    State = iota // never graded, or its last grading is not known
	NotStarted              // its stub is unchanged
	Attempted               // graded without full marks
	Complete                // graded with full marks, and its code is unchanged since
)

// Standing is what is known of a kata without grading it: its state and,
// for an attempted kata, the points of its last grading.
type Standing struct {
	State  State
	Points int
}

// Config is what a Model works with. Grade and Hint are called as the
// comments say; everything else is read once, by New.
type Config struct {
	// Course is the whole course in order; the title's progress counts it.
	Course []catalog.Kata
	// Katas are the katas watched, in course order; Some says the student
	// named them (they are not the whole course).
	Katas []catalog.Kata
	Some  bool
	// Standings is what is known of each kata of the course, by id; a kata
	// missing from it is Unknown.
	Standings map[string]Standing
	// Grade grades k (or returns its kept result, or says it is not
	// started) and records it in the student's progress. It is called on a
	// goroutine of its own, one grading at a time, and should return soon
	// once ctx is done (its result is then ignored).
	Grade func(ctx context.Context, k catalog.Kata) report.KataResult
	// Hint returns the next hint not seen yet for what last lost (as
	// grade.SetHint chooses it) and its number from 1, and notes it as
	// seen; "" when there is none. It is called on the UI goroutine while
	// no grading runs.
	Hint func(k catalog.Kata, last report.KataResult) (text string, number int)
	// Color styles the screen with colours; without it the screen is plain text.
	Color bool
	// Now is the clock (time.Now when nil).
	Now func() time.Time
}

// Saved says that a file of kata ID was saved and has stayed unchanged since:
// the current kata is graded again.
type Saved struct{ ID string }

// graded carries the result of grading number seq.
type graded struct {
	seq int
	id  string
	r   report.KataResult
}

// tick moves the spinner of grading number seq.
type tick struct {
	seq int
	at  time.Time
}

// spin is how often the spinner moves.
const spin = 125 * time.Millisecond

// Model is the watch screen. Its zero value is not usable: make one with New.
type Model struct {
	cfg       Config
	ctx       context.Context
	st        styles
	standings map[string]Standing
	results   map[string]report.KataResult // this session's last result of each kata

	width, height int
	cur           int // index of the current kata in cfg.Katas
	done          bool

	grading bool
	seq     int
	cancel  context.CancelFunc
	again   bool // a save arrived during the grading
	started time.Time
	now     time.Time
	frame   int

	hint       string
	hintNumber int
	message    string
	listing    bool
	offset     int
}

// New returns the screen for cfg, on the first kata watched that is not
// complete; ctx bounds every grading.
func New(ctx context.Context, cfg Config) *Model {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	m := &Model{cfg: cfg, ctx: ctx, st: newStyles(cfg.Color), standings: map[string]Standing{},
		results: map[string]report.KataResult{}, width: 80, height: 24}
	for id, s := range cfg.Standings {
		m.standings[id] = s
	}
	m.cur, m.done = -1, true
	for i, k := range cfg.Katas {
		if m.standings[k.ID].State != Complete {
			m.cur, m.done = i, false
			break
		}
	}
	if m.cur < 0 {
		m.cur = len(cfg.Katas) - 1
	}
	return m
}

// Init grades the current kata, unless every kata watched is complete.
func (m *Model) Init() tea.Cmd {
	if m.done || len(m.cfg.Katas) == 0 {
		return nil
	}
	return m.grade()
}

// Kata returns the current kata.
func (m *Model) Kata() catalog.Kata { return m.cfg.Katas[m.cur] }

// Grading reports whether a grading runs.
func (m *Model) Grading() bool { return m.grading }

// Done reports whether every kata watched is complete.
func (m *Model) Done() bool { return m.done }

// grade starts grading the current kata, abandoning any grading under way.
func (m *Model) grade() tea.Cmd {
	if m.cancel != nil {
		m.cancel()
	}
	m.seq++
	ctx, cancel := context.WithCancel(m.ctx)
	m.cancel = cancel
	m.grading, m.again, m.done = true, false, false
	m.started = m.cfg.Now()
	m.now, m.frame = m.started, 0
	k, seq, gradeKata := m.Kata(), m.seq, m.cfg.Grade
	run := func() tea.Msg {
		defer cancel()
		return graded{seq: seq, id: k.ID, r: gradeKata(ctx, k)}
	}
	return tea.Batch(run, m.tick())
}

func (m *Model) tick() tea.Cmd {
	seq := m.seq
	return tea.Tick(spin, func(t time.Time) tea.Msg { return tick{seq: seq, at: t} })
}

// Update handles keys, saved files, results, the spinner and the window size.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.width, m.height = msg.Width, msg.Height
	case tick:
		if msg.seq == m.seq && m.grading {
			m.frame++
			m.now = msg.at
			return m, m.tick()
		}
	case graded:
		return m, m.graded(msg)
	case Saved:
		if len(m.cfg.Katas) == 0 || msg.ID != m.Kata().ID {
			return m, nil
		}
		if m.grading {
			m.again = true
			return m, nil
		}
		m.message = ""
		return m, m.grade()
	case tea.KeyMsg:
		return m, m.key(msg.String())
	}
	return m, nil
}

// graded takes in the result of a grading: a kata complete moves the screen
// on to the next kata not complete.
func (m *Model) graded(g graded) tea.Cmd {
	if g.seq != m.seq {
		return nil
	}
	m.grading, m.cancel = false, nil
	m.results[g.id] = g.r
	m.standings[g.id] = standing(g.r)
	m.hint, m.hintNumber, m.offset = "", 0, 0
	if m.again {
		return m.grade()
	}
	if g.r.Status != report.Graded || !g.r.Complete() {
		return nil
	}
	done := fmt.Sprintf("%s is complete: %d/%d points.", g.id, g.r.Points, g.r.MaxPoints)
	next, ok := m.next()
	if !ok {
		m.done = true
		m.message = done
		return nil
	}
	m.cur = next
	m.message = done + " On to " + m.Kata().ID + "."
	return m.grade()
}

// standing is what a result says of its kata.
func standing(r report.KataResult) Standing {
	switch {
	case r.Status == report.NotStarted:
		return Standing{State: NotStarted}
	case r.Status == report.Graded && r.Complete():
		return Standing{State: Complete, Points: r.Points}
	}
	return Standing{State: Attempted, Points: r.Points}
}

// next returns the index of the next kata watched after the current one, in
// course order and coming round, that is not complete (the current kata
// itself when it is the only one); ok is false when every kata is complete.
func (m *Model) next() (int, bool) {
	n := len(m.cfg.Katas)
	for i := 1; i <= n; i++ {
		j := (m.cur + i) % n
		if m.standings[m.cfg.Katas[j].ID].State != Complete {
			return j, true
		}
	}
	return 0, false
}

func (m *Model) key(key string) tea.Cmd {
	switch key {
	case "q", "ctrl+c":
		if m.cancel != nil {
			m.cancel()
		}
		return tea.Quit
	case "up", "k":
		m.offset = max(0, m.offset-1)
		return nil
	case "down", "j":
		m.offset++
		return nil
	case "pgup":
		m.offset = max(0, m.offset-m.bodyHeight()+1)
		return nil
	case "pgdown", " ":
		m.offset += m.bodyHeight() - 1
		return nil
	case "home":
		m.offset = 0
		return nil
	}
	if len(m.cfg.Katas) == 0 {
		return nil
	}
	m.message = ""
	switch key {
	case "l":
		m.listing, m.offset = !m.listing, 0
	case "esc":
		m.listing, m.offset = false, 0
	case "h":
		m.listing, m.offset = false, 0
		m.showHint()
	case "n":
		m.listing, m.offset = false, 0
		next, ok := m.next()
		switch {
		case !ok:
			m.message = "Every kata is complete: there is no next kata."
		case next == m.cur:
			m.message = fmt.Sprintf("No other kata is left to do: %s is the only one not complete.", m.Kata().ID)
		default:
			m.cur, m.hint, m.hintNumber = next, "", 0
			return m.grade()
		}
	case "r":
		m.listing, m.offset = false, 0
		m.hint, m.hintNumber = "", 0
		return m.grade()
	}
	return nil
}

// showHint shows the next hint for the current kata's last result, or says
// why there is none.
func (m *Model) showHint() {
	k := m.Kata()
	r, ok := m.results[k.ID]
	switch {
	case m.grading:
		m.message = "Wait for the grading to finish: a hint is chosen for what its result lost."
		return
	case !ok:
		m.message = "No result yet: press r to grade " + k.ID + "."
		return
	}
	if m.cfg.Hint != nil {
		if text, n := m.cfg.Hint(k, r); text != "" {
			m.hint, m.hintNumber = text, n
			return
		}
	}
	switch {
	case r.Status == report.NotStarted:
		m.message = "No hint before you start: read " + readme(k) + ", then edit " + stub(k) + "."
	case r.Status != report.Graded:
		m.message = "No hint for this: fix what the result says first (" + string(r.Status) + ")."
	case r.Complete():
		m.message = k.ID + " is complete: it needs no hint."
	default:
		m.message = "The course has no hint for what this result lost."
	}
}

func readme(k catalog.Kata) string {
	return filepath.ToSlash(filepath.Join(k.ExerciseDir(), "README.md"))
}
func stub(k catalog.Kata) string { return filepath.ToSlash(k.StubPath()) }

// course returns the katas complete, and the points earned and offered, in
// the whole course.
func (m *Model) course() (complete, points, maxPoints int) {
	for _, k := range m.cfg.Course {
		maxPoints += k.MaxPoints()
		switch s := m.standings[k.ID]; s.State {
		case Complete:
			complete++
			points += k.MaxPoints()
		case Attempted:
			points += s.Points
		}
	}
	return complete, points, maxPoints
}

// statusOf says, for the list, how a kata stands and its points.
func (m *Model) statusOf(k catalog.Kata) (status, points string) {
	maxPoints := k.MaxPoints()
	if r, ok := m.results[k.ID]; ok && r.Status != report.NotStarted && r.Status != report.Graded {
		return string(r.Status), fmt.Sprintf("0/%d", maxPoints)
	}
	switch s := m.standings[k.ID]; s.State {
	case Complete:
		return "complete", fmt.Sprintf("%d/%d", maxPoints, maxPoints)
	case Attempted:
		return "to finish", fmt.Sprintf("%d/%d", s.Points, maxPoints)
	case NotStarted:
		return "not started", fmt.Sprintf("0/%d", maxPoints)
	}
	return "not graded yet", fmt.Sprintf("-/%d", maxPoints)
}

// body is what the screen shows under the current kata, before it is cut
// to the window.
func (m *Model) body() []string {
	var b strings.Builder
	switch {
	case m.listing:
		m.writeList(&b)
	case m.grading:
		elapsed := int(m.now.Sub(m.started).Seconds())
		fmt.Fprintf(&b, "%s grading %s… %ds\n", spinner[m.frame%len(spinner)], m.Kata().ID, elapsed)
		b.WriteString("\nr starts it over, n moves on to the next kata; a save grades it again once this grading ends.\n")
	case m.done:
		if m.cfg.Some {
			fmt.Fprintf(&b, "Every kata you named is complete (%d of the course's %d).\n", len(m.cfg.Katas), len(m.cfg.Course))
			b.WriteString("Watch the whole course with: bin/grader watch\n")
		} else {
			b.WriteString("Every kata of the course is complete. Well done.\n")
		}
	default:
		m.writeResult(&b)
	}
	return strings.Split(strings.TrimRight(b.String(), "\n"), "\n")
}

var spinner = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

func (m *Model) writeResult(b *strings.Builder) {
	k := m.Kata()
	r, ok := m.results[k.ID]
	if !ok {
		fmt.Fprintf(b, "Not graded yet: press r to grade %s.\n", k.ID)
		return
	}
	if m.hint != "" {
		if m.hintNumber > 0 {
			fmt.Fprintf(b, "Hint %d: %s\n\n", m.hintNumber, m.hint)
		} else {
			fmt.Fprintf(b, "Hint: %s\n\n", m.hint)
		}
	}
	if r.Status == report.NotStarted {
		fmt.Fprintf(b, "not started: edit %s\n", stub(k))
		fmt.Fprintf(b, "\nRead %s, then fill in the stub: saving it grades it.\n", readme(k))
		return
	}
	report.WriteKata(b, r)
}

func (m *Model) writeList(b *strings.Builder) {
	fmt.Fprintf(b, "  %-18s %-15s %s\n", "KATA", "STATUS", "POINTS")
	watched := map[string]bool{}
	for _, k := range m.cfg.Katas {
		watched[k.ID] = true
	}
	for _, k := range m.cfg.Course {
		mark := " "
		switch {
		case k.ID == m.Kata().ID:
			mark = ">"
		case !watched[k.ID]:
			mark = "·"
		}
		status, points := m.statusOf(k)
		fmt.Fprintf(b, "%s %-18s %-15s %s\n", mark, k.ID, status, points)
	}
	if m.cfg.Some {
		b.WriteString("\n> the current kata, · not watched. l or Esc goes back.\n")
	} else {
		b.WriteString("\n> the current kata. l or Esc goes back.\n")
	}
}
