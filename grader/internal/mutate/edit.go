package mutate

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/token"
	"slices"
)

// edit replaces the bytes [start, end) of the original source with text.
type edit struct {
	start, end int
	text       string
}

// apply makes the edits, which must not overlap, on a copy of src.
func apply(src []byte, edits []edit) ([]byte, error) {
	edits = slices.Clone(edits)
	slices.SortFunc(edits, func(a, b edit) int { return a.start - b.start })
	var out bytes.Buffer
	at := 0
	for _, e := range edits {
		if e.start < at || e.end < e.start || e.end > len(src) {
			return nil, fmt.Errorf("edits overlap or fall outside the file (%d-%d after %d)", e.start, e.end, at)
		}
		out.Write(src[at:e.start])
		out.WriteString(e.text)
		at = e.end
	}
	out.Write(src[at:])
	return out.Bytes(), nil
}

func (f *file) offset(p token.Pos) int { return f.fset.Position(p).Offset }

// text returns the source of n as written.
func (f *file) text(n ast.Node) string { return string(f.src[f.offset(n.Pos()):f.offset(n.End())]) }

// replace replaces n with text.
func (f *file) replace(n ast.Node, text string) edit {
	return edit{f.offset(n.Pos()), f.offset(n.End()), text}
}

// insert puts text at p.
func (f *file) insert(p token.Pos, text string) edit {
	return edit{f.offset(p), f.offset(p), text}
}

// remove deletes n. When n stands alone on its lines (a trailing comment
// aside) the lines go, comment and all; otherwise only n's own text does.
func (f *file) remove(n ast.Node) edit {
	start, end := f.offset(n.Pos()), f.offset(n.End())
	lineStart := start
	for lineStart > 0 && (f.src[lineStart-1] == ' ' || f.src[lineStart-1] == '\t') {
		lineStart--
	}
	if lineStart > 0 && f.src[lineStart-1] != '\n' {
		return edit{start, end, ""}
	}
	lineEnd := end
	for lineEnd < len(f.src) && (f.src[lineEnd] == ' ' || f.src[lineEnd] == '\t') {
		lineEnd++
	}
	if bytes.HasPrefix(f.src[lineEnd:], []byte("//")) {
		for lineEnd < len(f.src) && f.src[lineEnd] != '\n' {
			lineEnd++
		}
	}
	switch {
	case lineEnd == len(f.src):
		return edit{lineStart, lineEnd, ""}
	case f.src[lineEnd] == '\n':
		return edit{lineStart, lineEnd + 1, ""}
	}
	return edit{start, end, ""}
}
