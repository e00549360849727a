package watchui

import (
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/report"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current screens")

func kata(t *testing.T, id string) catalog.Kata {
	t.Helper()
	k, ok := catalog.Lookup(id)
	require.True(t, ok, "no kata %s", id)
	return k
}

// complete is a result with full marks.
func complete(k catalog.Kata) report.KataResult {
	r := report.NewKata(k, report.Graded, "")
	for i := range r.Dimensions {
		if r.Dimensions[i].Status == report.Fail {
			r.Dimensions[i].Status, r.Dimensions[i].Reason = report.Pass, ""
		}
	}
	r.Score()
	return r
}

// failing is a result that loses dimension d to one failing test.
func failing(k catalog.Kata, d catalog.Dimension, test, output string) report.KataResult {
	r := complete(k)
	dim := r.Dim(d)
	dim.Status, dim.Reason = report.Fail, "1 of 1 tests did not pass: "+test
	dim.Tests = []report.Test{{Name: test, Status: report.TestFail, Output: output}}
	r.Score()
	return r
}

func notStarted(k catalog.Kata) report.KataResult {
	return report.NewKata(k, report.NotStarted, "not started: the stub is unchanged")
}

// fake is a Config whose gradings and hints are recorded, never run.
type fake struct {
	graded []string
	hinted []string
	hints  map[string]string // by kata id: the hint Hint returns
}

func (f *fake) config(katas []catalog.Kata, standings map[string]Standing) Config {
	clock := time.Date(2026, 1, 2, 15, 4, 5, 0, time.UTC)
	return Config{
		Course: catalog.All(), Katas: katas, Standings: standings,
		Grade: func(_ context.Context, k catalog.Kata) report.KataResult {
			f.graded = append(f.graded, k.ID)
			return notStarted(k)
		},
		Hint: func(k catalog.Kata, _ report.KataResult) (string, int) {
			f.hinted = append(f.hinted, k.ID)
			if h, ok := f.hints[k.ID]; ok {
				return h, 2
			}
			return "", 0
		},
		Now: func() time.Time { return clock },
	}
}

// send gives m each message in turn and returns the last command.
func send(m *Model, msgs ...tea.Msg) tea.Cmd {
	var cmd tea.Cmd
	for _, msg := range msgs {
		_, cmd = m.Update(msg)
	}
	return cmd
}

func key(s string) tea.Msg {
	switch s {
	case "ctrl+c":
		return tea.KeyMsg{Type: tea.KeyCtrlC}
	case "esc":
		return tea.KeyMsg{Type: tea.KeyEsc}
	case "down":
		return tea.KeyMsg{Type: tea.KeyDown}
	}
	return tea.KeyMsg{Type: tea.KeyRunes, Runes: []rune(s)}
}

// result is the message that ends m's grading under way with r.
func result(m *Model, r report.KataResult) tea.Msg { return graded{seq: m.seq, id: r.ID, r: r} }

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

func TestNewStartsOnTheFirstKataNotComplete(t *testing.T) {
	one, two, three := kata(t, "01"), kata(t, "02"), kata(t, "03")
	tests := []struct {
		name      string
		katas     []catalog.Kata
		standings map[string]Standing
		want      string
		done      bool
	}{
		{"fresh course", catalog.All(), nil, "01-sequential", false},
		{"first complete", catalog.All(), map[string]Standing{one.ID: {State: Complete}}, "02-goroutines", false},
		{"attempted is not complete", []catalog.Kata{one, two}, map[string]Standing{one.ID: {State: Attempted, Points: 4}}, "01-sequential", false},
		{"not started is not complete", []catalog.Kata{two, three}, map[string]Standing{two.ID: {State: Complete}, three.ID: {State: NotStarted}}, "03-mutex", false},
		{"all named complete", []catalog.Kata{one, two}, map[string]Standing{one.ID: {State: Complete}, two.ID: {State: Complete}}, "02-goroutines", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var f fake
			m := New(context.Background(), f.config(tt.katas, tt.standings))
			assert.Equal(t, tt.want, m.Kata().ID)
			assert.Equal(t, tt.done, m.Done())
			cmd := m.Init()
			assert.Equal(t, !tt.done, cmd != nil, "Init grades unless every kata is complete")
			assert.Equal(t, !tt.done, m.Grading())
		})
	}
}

func TestGradingRunsConfigGradeAndShowsItsResult(t *testing.T) {
	var f fake
	m := New(context.Background(), f.config([]catalog.Kata{kata(t, "01")}, nil))
	batch, ok := m.Init()().(tea.BatchMsg)
	require.True(t, ok, "Init returns the grading and the spinner")
	msg := batch[0]()
	assert.Equal(t, []string{"01-sequential"}, f.graded)
	send(m, msg)
	assert.False(t, m.Grading())
	assert.Contains(t, m.View(), "not started: edit exercises/01-sequential/sequential.go")
}

func TestUpdate(t *testing.T) {
	one, two, three := kata(t, "01"), kata(t, "02"), kata(t, "03")
	fail := func(k catalog.Kata) report.KataResult {
		return failing(k, catalog.Correctness, "TestCorrectSomething", "    x_test.go:10: wrong\n")
	}
	tests := []struct {
		name      string
		katas     []catalog.Kata
		standings map[string]Standing
		hints     map[string]string
		// msgs are sent after Init; a report.KataResult ends the grading under way.
		msgs    []any
		kata    string // the current kata after msgs
		grading bool
		done    bool
		listing bool
		quit    bool
		message string // a part of the message line, or "" for none
		hint    string
	}{
		{name: "a result not complete stays", katas: []catalog.Kata{one, two}, msgs: []any{fail(one)}, kata: "01-sequential"},
		{name: "full marks move on", katas: []catalog.Kata{one, two}, msgs: []any{complete(one)}, kata: "02-goroutines", grading: true,
			message: "01-sequential is complete: 10/10 points. On to 02-goroutines."},
		{name: "full marks skip katas complete", katas: []catalog.Kata{one, two, three}, standings: map[string]Standing{two.ID: {State: Complete}},
			msgs: []any{complete(one)}, kata: "03-mutex", grading: true, message: "On to 03-mutex."},
		{name: "the last kata complete", katas: []catalog.Kata{one}, msgs: []any{complete(one)}, kata: "01-sequential", done: true,
			message: "01-sequential is complete: 10/10 points."},
		{name: "a stale result is ignored", katas: []catalog.Kata{one, two}, msgs: []any{"r", graded{seq: 1, id: one.ID, r: complete(one)}},
			kata: "01-sequential", grading: true},
		{name: "saving the current kata grades it", katas: []catalog.Kata{one, two}, msgs: []any{fail(one), Saved{ID: one.ID}}, kata: "01-sequential", grading: true},
		{name: "saving another kata does not", katas: []catalog.Kata{one, two}, msgs: []any{fail(one), Saved{ID: two.ID}}, kata: "01-sequential"},
		{name: "a save while grading grades again after", katas: []catalog.Kata{one, two}, msgs: []any{Saved{ID: one.ID}, fail(one)}, kata: "01-sequential", grading: true},
		{name: "h shows the next hint", katas: []catalog.Kata{one}, hints: map[string]string{one.ID: "take one order at a time"},
			msgs: []any{fail(one), "h"}, kata: "01-sequential", hint: "take one order at a time"},
		{name: "h before starting says so", katas: []catalog.Kata{one}, msgs: []any{notStarted(one), "h"}, kata: "01-sequential",
			message: "No hint before you start: read exercises/01-sequential/README.md"},
		{name: "h while grading waits", katas: []catalog.Kata{one}, msgs: []any{"h"}, kata: "01-sequential", grading: true, message: "Wait for the grading to finish"},
		{name: "h without a hint says so", katas: []catalog.Kata{one}, msgs: []any{fail(one), "h"}, kata: "01-sequential", message: "no hint for what this result lost"},
		{name: "a new result hides the hint", katas: []catalog.Kata{one}, hints: map[string]string{one.ID: "a hint"},
			msgs: []any{fail(one), "h", "r", fail(one)}, kata: "01-sequential"},
		{name: "n moves to the next kata not complete", katas: []catalog.Kata{one, two, three}, standings: map[string]Standing{two.ID: {State: Complete}},
			msgs: []any{fail(one), "n"}, kata: "03-mutex", grading: true},
		{name: "n comes round", katas: []catalog.Kata{one, two},
			msgs: []any{fail(one), "n", fail(two), "n"}, kata: "01-sequential", grading: true},
		{name: "n with nothing else to do", katas: []catalog.Kata{one, two}, standings: map[string]Standing{two.ID: {State: Complete}},
			msgs: []any{fail(one), "n"}, kata: "01-sequential", message: "No other kata is left to do: 01-sequential"},
		{name: "r grades again", katas: []catalog.Kata{one}, msgs: []any{fail(one), "r"}, kata: "01-sequential", grading: true},
		{name: "l lists", katas: []catalog.Kata{one}, msgs: []any{fail(one), "l"}, kata: "01-sequential", listing: true},
		{name: "l again goes back", katas: []catalog.Kata{one}, msgs: []any{fail(one), "l", "l"}, kata: "01-sequential"},
		{name: "esc goes back", katas: []catalog.Kata{one}, msgs: []any{fail(one), "l", "esc"}, kata: "01-sequential"},
		{name: "q quits", katas: []catalog.Kata{one}, msgs: []any{"q"}, kata: "01-sequential", grading: true, quit: true},
		{name: "ctrl+c quits", katas: []catalog.Kata{one}, msgs: []any{fail(one), "ctrl+c"}, kata: "01-sequential", quit: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := fake{hints: tt.hints}
			m := New(context.Background(), f.config(tt.katas, tt.standings))
			m.Init()
			var cmd tea.Cmd
			for _, msg := range tt.msgs {
				switch msg := msg.(type) {
				case string:
					cmd = send(m, key(msg))
				case report.KataResult:
					cmd = send(m, result(m, msg))
				default:
					cmd = send(m, msg)
				}
			}
			assert.Equal(t, tt.kata, m.Kata().ID, "current kata")
			assert.Equal(t, tt.grading, m.Grading(), "grading")
			assert.Equal(t, tt.done, m.Done(), "done")
			assert.Equal(t, tt.listing, m.listing, "listing")
			assert.Equal(t, tt.quit, isQuit(cmd), "quit")
			if tt.message == "" {
				assert.Empty(t, m.message)
			} else {
				assert.Contains(t, strings.ToLower(m.message), strings.ToLower(tt.message))
			}
			assert.Equal(t, tt.hint, m.hint)
		})
	}
}

func TestAKataNotStartedIsNotCountedOrShownAsFailing(t *testing.T) {
	var f fake
	one := kata(t, "01")
	m := New(context.Background(), f.config([]catalog.Kata{one}, map[string]Standing{one.ID: {State: Attempted, Points: 3}}))
	m.Init()
	send(m, result(m, notStarted(one)))
	v := m.View()
	assert.NotContains(t, v, "FAIL")
	assert.Contains(t, v, "0/22 katas complete · 0/220 points", "a stub back to the shipped one earns nothing")
	send(m, key("l"))
	assert.Contains(t, m.View(), "01-sequential      not started")
}

func TestViewFitsTheWindow(t *testing.T) {
	var f fake
	k := kata(t, "08")
	m := New(context.Background(), f.config([]catalog.Kata{k}, nil))
	m.Init()
	send(m, tea.WindowSizeMsg{Width: 40, Height: 12}, result(m, failing(k, catalog.Correctness, "TestCorrectPrimes",
		strings.Repeat("    primes_test.go:12: Primes(100) returned the wrong primes, and this line is long\n", 30))))
	lines := strings.Split(m.View(), "\n")
	assert.Len(t, lines, 12)
	for _, l := range lines {
		assert.LessOrEqual(t, len([]rune(l)), 40, "%q", l)
	}
	assert.Contains(t, m.View(), "── lines 1–4 of")
	send(m, key("down"))
	assert.Contains(t, m.View(), "── lines 2–5 of")
}

func TestViewHasNoColourWithoutColor(t *testing.T) {
	var f fake
	m := New(context.Background(), f.config(catalog.All(), nil))
	m.Init()
	send(m, result(m, failing(kata(t, "01"), catalog.Ordering, "TestOrderX", "    x_test.go:3: out of order\n")))
	assert.NotContains(t, m.View(), "\x1b[")
}

// TestViewScreens compares whole screens, 80 by 24 and without colour, with
// testdata/NAME.golden; go test -update rewrites them.
func TestViewScreens(t *testing.T) {
	primes := kata(t, "08")
	course := catalog.All()
	earlier := map[string]Standing{}
	for _, k := range course[:7] {
		earlier[k.ID] = Standing{State: Complete}
	}
	fail := failing(primes, catalog.Correctness, "TestCorrectPrimesUpTo",
		"    primes_test.go:31: PrimesUpTo(30) = [2 3 5 7 11 13 17 19 23 29 31], want [2 3 5 7 11 13 17 19 23 29]\n")
	fail.Previous = new(int)
	screens := []struct {
		name      string
		katas     []catalog.Kata
		standings map[string]Standing
		msgs      []any
	}{
		{"not-started", course, nil, []any{notStarted(course[0])}},
		{"failing-with-hint", course, earlier, []any{fail, "h"}},
		{"grading", course, earlier, []any{tick{seq: 1, at: time.Date(2026, 1, 2, 15, 4, 8, 0, time.UTC)}}},
		{"moved-on", course, earlier, []any{complete(primes), notStarted(course[8])}},
		{"list", course, earlier, []any{fail, "l"}},
		{"named-complete", []catalog.Kata{primes}, nil, []any{complete(primes)}},
	}
	for _, s := range screens {
		t.Run(s.name, func(t *testing.T) {
			f := fake{hints: map[string]string{primes.ID: "Give each worker its own range of numbers to test."}}
			cfg := f.config(s.katas, s.standings)
			cfg.Some = len(s.katas) < len(course)
			m := New(context.Background(), cfg)
			m.Init()
			for _, msg := range s.msgs {
				switch msg := msg.(type) {
				case string:
					send(m, key(msg))
				case report.KataResult:
					send(m, result(m, msg))
				default:
					send(m, msg)
				}
			}
			got := m.View() + "\n"
			path := filepath.Join("testdata", s.name+".golden")
			if *update {
				require.NoError(t, os.MkdirAll("testdata", 0o755))
				require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -update to create it")
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("%s differs (-golden +now); if the change is meant, run go test -update:\n%s", path, diff)
			}
		})
	}
}
