// Package linediff computes line diffs of small texts and prints them in the
// unified format that diff -u and git use. It is meant for source files of a
// few hundred lines that differ in a few places: the lines the two texts share
// at their start and end are set aside, and the rest is compared with a
// longest-common-subsequence table, quadratic in its size.
package linediff

import (
	"fmt"
	"strings"
)

// maxTable is the most cells the comparison table may have. Past it, the
// middle of the texts is shown as removed and added whole: correct, if not
// the shortest diff.
const maxTable = 4 << 20

// Unified returns the differences between a and b as a unified diff with
// context lines of context around each change, headed by "--- from" and
// "+++ to", or "" when the texts are equal. Lines end at "\n"; a missing
// newline at the end of a text is not marked.
func Unified(from, to, a, b string, context int) string {
	x, y := lines(a), lines(b)
	ops := diff(x, y)
	hunks := group(ops, max(context, 0))
	if len(hunks) == 0 {
		return ""
	}
	var sb strings.Builder
	fmt.Fprintf(&sb, "--- %s\n+++ %s\n", from, to)
	for _, h := range hunks {
		h.write(&sb, x, y)
	}
	return sb.String()
}

func lines(s string) []string {
	if s == "" {
		return nil
	}
	ls := strings.SplitAfter(s, "\n")
	if ls[len(ls)-1] == "" {
		ls = ls[:len(ls)-1]
	}
	for i, l := range ls {
		ls[i] = strings.TrimSuffix(l, "\n")
	}
	return ls
}

// kind is what an op does with a line.
type kind byte

const (
	same kind = ' '
	del  kind = '-'
	ins  kind = '+'
)

// op is one line of the edit script. i and j are the positions in x and y
// where it happens: x[i] kept as y[j], x[i] deleted before y[j], or y[j]
// inserted before x[i].
type op struct {
	kind kind
	i, j int
}

// diff returns an edit script that turns x into y.
func diff(x, y []string) []op {
	pre := 0
	for pre < len(x) && pre < len(y) && x[pre] == y[pre] {
		pre++
	}
	suf := 0
	for suf < len(x)-pre && suf < len(y)-pre && x[len(x)-1-suf] == y[len(y)-1-suf] {
		suf++
	}
	var ops []op
	for k := range pre {
		ops = append(ops, op{same, k, k})
	}
	ops = append(ops, middle(x[pre:len(x)-suf], y[pre:len(y)-suf], pre)...)
	for k := suf; k > 0; k-- {
		ops = append(ops, op{same, len(x) - k, len(y) - k})
	}
	return ops
}

// middle diffs the parts of x and y between their common start and end;
// off is where those parts begin in both.
func middle(x, y []string, off int) []op {
	n, m := len(x), len(y)
	var ops []op
	if n*m > maxTable {
		for i := range n {
			ops = append(ops, op{del, off + i, off})
		}
		for j := range m {
			ops = append(ops, op{ins, off + n, off + j})
		}
		return ops
	}
	// lcs[i][j] is the length of the longest common subsequence of x[i:] and y[j:].
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if x[i] == y[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && x[i] == y[j]:
			ops = append(ops, op{same, off + i, off + j})
			i++
			j++
		case j == m || (i < n && lcs[i+1][j] >= lcs[i][j+1]):
			ops = append(ops, op{del, off + i, off + j})
			i++
		default:
			ops = append(ops, op{ins, off + i, off + j})
			j++
		}
	}
	return ops
}

// hunk is a run of ops: changes and the context around them.
type hunk []op

// group cuts the edit script into hunks, each change with up to context
// unchanged lines on either side; changes closer than twice that share a hunk.
func group(ops []op, context int) []hunk {
	var hunks []hunk
	start, end := -1, -1 // the ops of the hunk being built
	for k, o := range ops {
		if o.kind == same {
			continue
		}
		lo, hi := max(k-context, 0), min(k+context+1, len(ops))
		if start >= 0 && lo <= end {
			end = max(end, hi)
			continue
		}
		if start >= 0 {
			hunks = append(hunks, hunk(ops[start:end]))
		}
		start, end = lo, hi
	}
	if start >= 0 {
		hunks = append(hunks, hunk(ops[start:end]))
	}
	return hunks
}

func (h hunk) write(sb *strings.Builder, x, y []string) {
	xn, yn := 0, 0
	for _, o := range h {
		if o.kind != ins {
			xn++
		}
		if o.kind != del {
			yn++
		}
	}
	fmt.Fprintf(sb, "@@ -%s +%s @@\n", span(h[0].i, xn), span(h[0].j, yn))
	for _, o := range h {
		switch o.kind {
		case same:
			sb.WriteString(" " + x[o.i] + "\n")
		case del:
			sb.WriteString("-" + x[o.i] + "\n")
		case ins:
			sb.WriteString("+" + y[o.j] + "\n")
		}
	}
}

// span is a hunk's range on one side, as diff -u writes it: its first line,
// counted from 1, and how many lines it has unless that is one. A side with
// no lines names the line before it.
func span(start, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", start)
	case 1:
		return fmt.Sprintf("%d", start+1)
	}
	return fmt.Sprintf("%d,%d", start+1, n)
}
