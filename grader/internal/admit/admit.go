// Package admit decides whether a submission may be compiled at all. It reads
// the student's source (it never compiles or runs it) and refuses what no kata
// needs and what a cheat would use: imports outside the kata's allow-list
// (unsafe, os, testing, reflect, cgo...), compiler directives such as
// //go:linkname, init functions and calls in package-level initialisers (code
// that would run before the tests start), refused identifiers (a finalizer or
// timer that runs code behind the suite's back), and source files in the
// kata's folder that the catalog does not name.
package admit

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/deli-katas/deli/grader/catalog"
)

// A Problem is one thing refused, at a place in a file.
type Problem struct {
	File string // as given to the check
	Line int    // 0 when the problem is the file itself
	What string
}

func (p Problem) String() string {
	if p.Line == 0 {
		return fmt.Sprintf("%s: %s", p.File, p.What)
	}
	return fmt.Sprintf("%s:%d: %s", p.File, p.Line, p.What)
}

// Refusal is the error of a submission that is not admitted.
type Refusal struct{ Problems []Problem }

func (r *Refusal) Error() string {
	lines := make([]string, len(r.Problems))
	for i, p := range r.Problems {
		lines[i] = p.String()
	}
	return "refused before compiling:\n" + strings.Join(lines, "\n")
}

// Kata checks the student's code of kata k: src, the source that will be
// compiled as its stub (name is the file it came from, for messages), and
// the kata's folder in the course (which must hold no other source file but
// the suite). It returns nil or a *Refusal. A file that does not parse is
// admitted: the compiler will refuse it, running nothing.
func Kata(k catalog.Kata, name string, src []byte, folder string) error {
	rules := k.AdmissionRules()
	problems := Folder(folder, []string{k.StubFile(), k.TestFile()})
	problems = append(problems, Source(name, src, rules)...)
	if len(problems) > 0 {
		return &Refusal{Problems: problems}
	}
	return nil
}

// buildExtensions are the endings of the files go build compiles or links
// into a package (see go help buildconstraint and go/build).
var buildExtensions = []string{
	".go", ".c", ".cc", ".cpp", ".cxx", ".m", ".h", ".hh", ".hpp", ".hxx",
	".f", ".F", ".for", ".f90", ".s", ".S", ".sx", ".swig", ".swigcxx", ".syso",
}

// Folder returns a problem for each file in dir that go build would read and
// that is not one of keep.
func Folder(dir string, keep []string) []Problem {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return []Problem{{File: dir, What: "cannot read the kata's folder: " + err.Error()}}
	}
	var problems []Problem
	for _, e := range entries {
		name := e.Name()
		if e.IsDir() || slices.Contains(keep, name) || !slices.Contains(buildExtensions, filepath.Ext(name)) {
			continue
		}
		problems = append(problems, Problem{File: filepath.Join(dir, name),
			What: fmt.Sprintf("a source file the kata does not name: write your code in %s only, and remove this file", keep[0])})
	}
	return problems
}

// File returns what rules refuse in the Go file at path.
func File(path string, rules catalog.Admission) []Problem {
	src, err := os.ReadFile(path)
	if err != nil {
		return []Problem{{File: path, What: "cannot read the file: " + err.Error()}}
	}
	return Source(path, src, rules)
}

// Source returns what rules refuse in src, the Go source of the file name.
func Source(name string, src []byte, rules catalog.Admission) []Problem {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.ParseComments)
	if err != nil {
		return nil // the compiler reports it
	}
	c := &checker{fset: fset, file: name, rules: rules, imports: map[string]string{}}
	c.directives(f)
	c.importList(f)
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil && d.Name.Name == "init" {
				c.refuse(d.Pos(), "an init function runs before the tests start: do the work inside your functions instead")
			}
		case *ast.GenDecl:
			if d.Tok == token.VAR {
				c.initialisers(d)
			}
		}
	}
	c.identifiers(f)
	return c.problems
}

type checker struct {
	fset     *token.FileSet
	file     string
	rules    catalog.Admission
	imports  map[string]string // local name -> import path
	problems []Problem
}

func (c *checker) refuse(pos token.Pos, format string, args ...any) {
	c.problems = append(c.problems, Problem{File: c.file, Line: c.fset.Position(pos).Line, What: fmt.Sprintf(format, args...)})
}

// directives refuses every //go: directive but //go:build, and //line.
func (c *checker) directives(f *ast.File) {
	for _, g := range f.Comments {
		for _, cm := range g.List {
			text := cm.Text
			switch {
			case strings.HasPrefix(text, "//go:") && !strings.HasPrefix(text, "//go:build"):
				directive, _, _ := strings.Cut(text, " ")
				c.refuse(cm.Pos(), "the compiler directive %s is not allowed (only //go:build is)", directive)
			case strings.HasPrefix(text, "//line ") || strings.HasPrefix(text, "/*line "):
				c.refuse(cm.Pos(), "//line directives are not allowed")
			}
		}
	}
}

func (c *checker) importList(f *ast.File) {
	for _, spec := range f.Imports {
		path, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue
		}
		if !slices.Contains(c.rules.Imports, path) {
			c.refuse(spec.Pos(), "imports %q, which this kata does not allow (allowed: %s)", path, strings.Join(c.rules.Imports, ", "))
			continue
		}
		name := path[strings.LastIndex(path, "/")+1:]
		if spec.Name != nil {
			name = spec.Name.Name
		}
		if name == "." {
			c.refuse(spec.Pos(), "a dot import of %q: import it by name", path)
			continue
		}
		c.imports[name] = path
	}
}

// qualified returns "path.Name" for a selector on an imported package, or "".
func (c *checker) qualified(x ast.Expr) string {
	sel, ok := x.(*ast.SelectorExpr)
	if !ok {
		return ""
	}
	id, ok := sel.X.(*ast.Ident)
	if !ok || id.Obj != nil { // a local variable, not a package
		return ""
	}
	path, ok := c.imports[id.Name]
	if !ok {
		return ""
	}
	return path + "." + sel.Sel.Name
}

// initialisers refuses calls in package-level variable initialisers: they
// run before the tests start. Function literals are not called there, so
// their bodies are not looked into.
func (c *checker) initialisers(d *ast.GenDecl) {
	for _, spec := range d.Specs {
		vs, ok := spec.(*ast.ValueSpec)
		if !ok {
			continue
		}
		for _, v := range vs.Values {
			ast.Inspect(v, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.FuncLit:
					return false
				case *ast.CallExpr:
					if q := c.qualified(n.Fun); q == "" || !slices.Contains(c.rules.InitCalls, q) {
						c.refuse(n.Pos(), "a package-level variable initialised by a call runs code before the tests start "+
							"(allowed: %s): use a constant, or set it inside a function", strings.Join(c.rules.InitCalls, ", "))
					}
				}
				return true
			})
		}
	}
}

// identifiers refuses uses of refused package members.
func (c *checker) identifiers(f *ast.File) {
	ast.Inspect(f, func(n ast.Node) bool {
		q := c.qualified(asExpr(n))
		if q == "" || !c.refused(q) {
			return true
		}
		c.refuse(n.Pos(), "%s is not allowed in this kata", q)
		return false
	})
}

func asExpr(n ast.Node) ast.Expr {
	e, _ := n.(ast.Expr)
	return e
}

// refused reports whether rules refuse the member q ("time.AfterFunc").
func (c *checker) refused(q string) bool {
	if slices.Contains(c.rules.Allow, q) {
		return false
	}
	pkg := q[:strings.LastIndex(q, ".")]
	return slices.Contains(c.rules.Refuse, q) || slices.Contains(c.rules.Refuse, pkg+".*")
}
