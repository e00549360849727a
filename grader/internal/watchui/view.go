package watchui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/lipgloss"
	"github.com/charmbracelet/x/ansi"
)

// styles colour the parts of the screen; each is the identity without colour.
type styles struct {
	title, bar, rest, message, hint, legend, spinner, fail func(string) string
}

func newStyles(color bool) styles {
	plain := func(s string) string { return s }
	if !color {
		return styles{plain, plain, plain, plain, plain, plain, plain, plain}
	}
	style := func(s lipgloss.Style) func(string) string { return func(t string) string { return s.Render(t) } }
	return styles{
		title:   style(lipgloss.NewStyle().Bold(true)),
		bar:     style(lipgloss.NewStyle().Foreground(lipgloss.Color("2"))),
		rest:    style(lipgloss.NewStyle().Faint(true)),
		message: style(lipgloss.NewStyle().Foreground(lipgloss.Color("3")).Bold(true)),
		hint:    style(lipgloss.NewStyle().Foreground(lipgloss.Color("6"))),
		legend:  style(lipgloss.NewStyle().Faint(true)),
		spinner: style(lipgloss.NewStyle().Foreground(lipgloss.Color("5"))),
		fail:    style(lipgloss.NewStyle().Foreground(lipgloss.Color("1")).Bold(true)),
	}
}

// The screen's fixed lines: the title, a rule, the kata and its files and a
// blank line above the body; the message and the legend below it.
const (
	headerLines = 5
	footerLines = 2
	barWidth    = 20
)

// legend lists the keys.
const legend = "h hint · n next kata · r grade again · l list · ↑↓ scroll · q quit"

// bodyHeight is how many lines the body may take.
func (m *Model) bodyHeight() int { return max(3, m.height-headerLines-footerLines) }

// View draws the screen: always exactly the window's height, no line wider
// than the window. It keeps the scroll offset within the body it draws.
func (m *Model) View() string {
	w := max(20, m.width)
	var lines []string
	add := func(s string) { lines = append(lines, ansi.Truncate(s, w, "…")) }

	complete, points, maxPoints := m.course()
	filled := 0
	if n := len(m.cfg.Course); n > 0 {
		filled = complete * barWidth / n
	}
	bar := m.st.bar(strings.Repeat("█", filled)) + m.st.rest(strings.Repeat("░", barWidth-filled))
	add(fmt.Sprintf("%s  %s  %d/%d katas complete · %d/%d points",
		m.st.title("Deli watch"), bar, complete, len(m.cfg.Course), points, maxPoints))
	add(m.st.rest(strings.Repeat("─", w)))
	if len(m.cfg.Katas) > 0 {
		k := m.Kata()
		add(m.st.title(k.ID + ": " + k.Title))
		add(fmt.Sprintf("in exercises/%s/: read README.md, edit %s", k.ID, k.StubFile()))
	} else {
		add("no kata to watch")
		add("")
	}
	add("")

	var body []string
	for _, l := range m.body() {
		l = strings.TrimRight(strings.ReplaceAll(l, "\t", "    "), " ")
		body = append(body, strings.Split(ansi.Wrap(l, w, ""), "\n")...)
	}
	height := m.bodyHeight()
	if len(body) > height {
		m.offset = min(m.offset, len(body)-(height-1))
		end := m.offset + height - 1
		note := fmt.Sprintf("── lines %d–%d of %d: ↑↓ PgUp PgDn scroll ──", m.offset+1, end, len(body))
		body = append(body[m.offset:end:end], m.st.rest(note))
	} else {
		m.offset = 0
	}
	for i, l := range body {
		switch {
		case m.hint != "" && strings.HasPrefix(l, "Hint"):
			l = m.st.hint(l)
		case m.grading && i == 0:
			l = m.st.spinner(l)
		default:
			l = strings.ReplaceAll(l, "FAIL", m.st.fail("FAIL"))
		}
		add(l)
	}
	for len(lines) < headerLines+height {
		lines = append(lines, "")
	}
	add(m.st.message(m.message))
	add(m.st.legend(legend))
	return strings.Join(lines, "\n")
}
