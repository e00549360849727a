// Package mutate finds out how well a kata's suite catches concurrency bugs
// nobody wrote by hand. It applies concurrency mutation operators (drop a
// lock, drop a Wait, close nothing, run a goroutine's work inline, ...) to a
// reference solution, one mutation at a time, compiles each mutant in place
// of the kata's stub through a build overlay, runs the kata's suite against
// it and reports which mutants the suite kills and which survive.
//
// Mutants are found with go/ast and go/types and written as text edits of the
// original source, so comments and layout survive and a mutant's diff shows
// only what changed. Their order is deterministic and each has a stable ID
// made of its operator and the line it changes: drop-lock@L42 (with #2, #3
// for a second and third of the same operator on one line).
package mutate

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"slices"
	"strings"
	"sync"

	"github.com/deli-katas/deli/grader/internal/linediff"
)

// A Mutant is a solution with one concurrency mutation applied.
type Mutant struct {
	ID          string // operator@Lline, with #n for the n-th of an operator on one line
	Operator    string // the operator's name
	Line        int    // the line of the original that the mutation changes first
	Func        string // the function it is in: "Dine", "Ledger.Transfer"
	Description string // what the mutation does, in a few words
	// Fingerprint identifies the change itself, not its place: a hash of the
	// operator, the function and the lines removed and added. It stays the
	// same when lines above move the mutant to another line.
	Fingerprint string
	Source      []byte // the whole mutated file, gofmt'ed
	Diff        string // the unified diff from the original to Source
	// CompileError is set when the mutant does not type-check: its first
	// error, as go/types reports it. Such a mutant need not be built.
	CompileError string
}

// Operator describes one mutation operator.
type Operator struct {
	Name string
	Doc  string // what it does, one line
	find func(f *file) []change
}

// Operators lists the operators, in the order a line's mutants are numbered.
func Operators() []Operator { return operators }

// change is a mutation found in a file, before it becomes a Mutant.
type change struct {
	op    string
	pos   token.Pos // where it starts: its line names it
	desc  string
	edits []edit
	// fallback, if set, is made instead of edits when those leave code
	// that does not type-check (a variable no longer used, say).
	fallback []edit
}

// Generate returns every mutant of the Go source file src, sorted by line,
// then column, then operator. name is the file's name in diffs and errors.
// src must type-check on its own: it is the only non-test file of a kata's
// package.
func Generate(name string, src []byte) ([]Mutant, error) {
	f, err := load(name, src)
	if err != nil {
		return nil, err
	}
	var changes []change
	order := map[string]int{}
	for i, op := range operators {
		order[op.Name] = i
		changes = append(changes, op.find(f)...)
	}
	slices.SortStableFunc(changes, func(a, b change) int {
		if c := cmp.Compare(a.pos, b.pos); c != 0 {
			return c
		}
		return cmp.Compare(order[a.op], order[b.op])
	})
	var ms []Mutant
	seen := map[string]bool{} // mutated sources already made
	perLine := map[string]int{}
	for _, c := range changes {
		out, compileError, err := mutated(name, src, c.edits)
		if err == nil && compileError != "" && c.fallback != nil {
			out, compileError, err = mutated(name, src, c.fallback)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %s at %s: %w", name, c.op, f.fset.Position(c.pos), err)
		}
		if bytes.Equal(out, src) || seen[string(out)] {
			continue
		}
		seen[string(out)] = true
		line := f.fset.Position(c.pos).Line
		id := fmt.Sprintf("%s@L%d", c.op, line)
		perLine[id]++
		if n := perLine[id]; n > 1 {
			id += fmt.Sprintf("#%d", n)
		}
		m := Mutant{ID: id, Operator: c.op, Line: line, Func: f.funcAt(c.pos), Description: c.desc, Source: out}
		m.Diff = linediff.Unified(name, name+" ("+id+")", string(src), string(out), 3)
		m.Fingerprint = fingerprint(m)
		m.CompileError = compileError
		ms = append(ms, m)
	}
	return ms, nil
}

// mutated applies edits to src and formats the result; compileError is the
// first error type-checking it finds, or "".
func mutated(name string, src []byte, edits []edit) (out []byte, compileError string, err error) {
	out, err = apply(src, edits)
	if err != nil {
		return nil, "", err
	}
	if formatted, err := format.Source(out); err == nil {
		out = formatted
	}
	return out, typeError(name, out), nil
}

// fingerprint hashes what a mutant changes and the lines around it, but
// not where they are: the operator, the function, and the diff's lines
// without their indentation or line numbers.
func fingerprint(m Mutant) string {
	h := sha256.New()
	fmt.Fprintf(h, "%s\n%s\n", m.Operator, m.Func)
	for _, l := range strings.Split(m.Diff, "\n") {
		if l == "" || strings.HasPrefix(l, "--- ") || strings.HasPrefix(l, "+++ ") || strings.HasPrefix(l, "@@ ") {
			continue
		}
		fmt.Fprintf(h, "%c%s\n", l[0], strings.TrimSpace(l[1:]))
	}
	return hex.EncodeToString(h.Sum(nil))[:8]
}

// file is a parsed and type-checked source file.
type file struct {
	name string
	fset *token.FileSet
	ast  *ast.File
	src  []byte
	info *types.Info

	parent map[ast.Node]ast.Node // built on first use by parents
}

// fset holds every file this package parses; the importer of the standard
// library shares it. A token.FileSet is safe for concurrent use.
var fset = token.NewFileSet()

// stdlib type-checks imports from the standard library's source. An importer
// is not safe for concurrent use, so checking takes checkMu.
var (
	checkMu sync.Mutex
	stdlib  = sync.OnceValue(func() types.Importer { return importer.ForCompiler(fset, "source", nil) })
)

func check(name string, f *ast.File, info *types.Info) error {
	checkMu.Lock()
	defer checkMu.Unlock()
	var errs []error
	conf := types.Config{Importer: stdlib(), Error: func(err error) { errs = append(errs, err) }}
	conf.Check(f.Name.Name, fset, []*ast.File{f}, info)
	return errors.Join(errs...)
}

func load(name string, src []byte) (*file, error) {
	af, err := parser.ParseFile(fset, name, src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, err
	}
	info := &types.Info{
		Types:      map[ast.Expr]types.TypeAndValue{},
		Defs:       map[*ast.Ident]types.Object{},
		Uses:       map[*ast.Ident]types.Object{},
		Selections: map[*ast.SelectorExpr]*types.Selection{},
	}
	if err := check(name, af, info); err != nil {
		return nil, fmt.Errorf("%s does not type-check, so it cannot be mutated: %w", name, err)
	}
	return &file{name: name, fset: fset, ast: af, src: src, info: info}, nil
}

// typeError returns the first error that type-checking src finds, or "".
func typeError(name string, src []byte) string {
	af, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err == nil {
		err = check(name, af, &types.Info{})
	}
	if err == nil {
		return ""
	}
	first, _, _ := strings.Cut(err.Error(), "\n")
	return first
}

// funcAt names the top-level function around pos: "Name", or "Type.Name"
// for a method; "" outside any.
func (f *file) funcAt(pos token.Pos) string {
	for _, d := range f.ast.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || pos < fd.Pos() || pos >= fd.End() {
			continue
		}
		if fd.Recv == nil || len(fd.Recv.List) == 0 {
			return fd.Name.Name
		}
		t := fd.Recv.List[0].Type
		for {
			switch x := t.(type) {
			case *ast.StarExpr:
				t = x.X
				continue
			case *ast.IndexExpr:
				t = x.X
				continue
			case *ast.IndexListExpr:
				t = x.X
				continue
			case *ast.Ident:
				return x.Name + "." + fd.Name.Name
			}
			return fd.Name.Name
		}
	}
	return ""
}
