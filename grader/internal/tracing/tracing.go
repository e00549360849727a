// Package tracing records an execution trace of a kata's workload running
// against some code (a student's stub, a reference solution, a mutant). The
// workload is the suite's own: the test that calls katatest.Speedup for the
// parallel katas, or katatest.Traced for the others. The test binary runs in
// the grader's sandbox when there is one, and writes the trace to a file
// bound into it; the timings the harness logs come back as a protocol.Trace.
package tracing

import (
	"context"
	"errors"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/admit"
	"github.com/deli-katas/deli/grader/internal/gotest"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/sandbox"
	"github.com/deli-katas/deli/grader/protocol"
)

// Recording is one traced run of a kata's workload.
type Recording struct {
	Kata    string
	Test    string         // the suite's test that ran the workload
	Trace   string         // path of the runtime/trace file
	Figures protocol.Trace // the harness's timings around it
	// Unmeasurable says the machine could not show parallelism while the
	// speedup beside the trace was timed (see protocol.NotMeasurable).
	Unmeasurable bool
}

// ErrNoWorkload means the kata's suite has no test that calls
// katatest.Traced or katatest.Speedup.
var ErrNoWorkload = errors.New("the suite has no traced workload (a test calling katatest.Traced or katatest.Speedup)")

// Record builds k's suite against the file at code and runs its workload
// test under an execution trace, writing the trace into opts.WorkDir.
// Student code is checked by admission first, as grading does.
func Record(ctx context.Context, k catalog.Kata, code string, opts grade.Options) (Recording, error) {
	rec := Recording{Kata: k.ID}
	pkgDir := filepath.Join(opts.ModuleDir, k.ExerciseDir())
	src, err := os.ReadFile(code)
	if err != nil {
		return rec, fmt.Errorf("%s: %w", k.ID, err)
	}
	suite, err := os.ReadFile(filepath.Join(opts.ModuleDir, k.TestPath()))
	if err != nil {
		return rec, fmt.Errorf("%s: %w", k.ID, err)
	}
	if rec.Test, err = WorkloadTest(suite); err != nil {
		return rec, fmt.Errorf("%s: %w", k.ID, err)
	}
	if err := admit.Kata(k, code, src, pkgDir); err != nil {
		return rec, fmt.Errorf("%s: refused before compiling: %w", k.ID, err)
	}
	dir, err := os.MkdirTemp(opts.WorkDir, k.ID+"-trace-")
	if err != nil {
		return rec, err
	}
	// Snapshot the code and the suite, so the build reads what was checked.
	overlay := map[string]string{}
	for name, data := range map[string][]byte{k.StubFile(): src, k.TestFile(): suite} {
		copied := filepath.Join(dir, name)
		if err := os.WriteFile(copied, data, 0o644); err != nil {
			return rec, err
		}
		overlay[filepath.Join(pkgDir, name)] = copied
	}
	bin := filepath.Join(dir, "trace.test")
	err = gotest.Build(ctx, gotest.BuildOptions{ModuleDir: opts.ModuleDir, Package: k.ExerciseDir(), Overlay: overlay, Out: bin})
	if err != nil {
		return rec, fmt.Errorf("%s: %w", k.ID, err)
	}
	rec.Trace = filepath.Join(dir, "workload.trace")
	return rec, run(ctx, k, bin, opts, &rec)
}

// traceInside is where the trace file is bound in the sandbox.
const traceInside = "/tmp/deli-workload.trace"

// run runs rec.Test of bin with a trace asked for, and reads the harness's
// figures from the file beside the trace (never from the test's output, which
// the code under test can print to).
func run(ctx context.Context, k catalog.Kata, bin string, opts grade.Options, rec *Recording) error {
	timeout := opts.SpeedupTimeout
	if timeout == 0 {
		timeout = 2 * time.Minute
	}
	ro := grade.RunOptions(opts, k, bin, []string{rec.Test}, timeout)
	target := rec.Trace
	if ro.Sandbox != nil {
		for _, f := range []string{rec.Trace, protocol.TraceFigures(rec.Trace)} {
			if err := os.WriteFile(f, nil, 0o666); err != nil {
				return err
			}
		}
		ro.Shared = append(ro.Shared, sandbox.Bind{Host: rec.Trace, Inside: traceInside},
			sandbox.Bind{Host: protocol.TraceFigures(rec.Trace), Inside: protocol.TraceFigures(traceInside)})
		target = traceInside
	}
	ro.Env = append(ro.Env, protocol.TraceEnv+"="+target)
	r, err := gotest.RunTests(ctx, ro)
	if err != nil {
		return fmt.Errorf("%s: %w", k.ID, err)
	}
	res := r.Tests[rec.Test]
	output := strings.Join(append(append([]string(nil), res.Output...), r.Output...), "\n")
	figures, _ := os.ReadFile(protocol.TraceFigures(rec.Trace))
	fig, ok, err := protocol.ParseTrace(string(figures))
	switch {
	case err != nil:
		return fmt.Errorf("%s: %w", k.ID, err)
	case r.TimedOut:
		return fmt.Errorf("%s: the workload (%s) did not end within %v", k.ID, rec.Test, timeout)
	case !ok || (res.Status != gotest.Passed && res.Status != gotest.Skipped):
		return fmt.Errorf("%s: the workload (%s) did not run to its end (%s), so there is no trace to draw; "+
			"grade the kata to see why:\n%s", k.ID, rec.Test, res.Status, lastLines(output, 20))
	}
	rec.Figures = fig
	rec.Unmeasurable = protocol.IsNotMeasurable(string(figures))
	return nil
}

// WorkloadTest returns the name of the first test function in the suite
// source that calls katatest.Traced or katatest.Speedup.
func WorkloadTest(suite []byte) (string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), "suite.go", suite, parser.SkipObjectResolution)
	if err != nil {
		return "", fmt.Errorf("reading the suite: %w", err)
	}
	harness := ""
	for _, imp := range f.Imports {
		if path, _ := strconv.Unquote(imp.Path.Value); path == catalog.ModulePath+"/grader/katatest" {
			harness = "katatest"
			if imp.Name != nil {
				harness = imp.Name.Name
			}
		}
	}
	for _, decl := range f.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Recv != nil || fn.Body == nil || !strings.HasPrefix(fn.Name.Name, "Test") {
			continue
		}
		if harness != "" && callsWorkload(fn.Body, harness) {
			return fn.Name.Name, nil
		}
	}
	return "", ErrNoWorkload
}

func callsWorkload(body *ast.BlockStmt, harness string) bool {
	found := false
	ast.Inspect(body, func(n ast.Node) bool {
		call, ok := n.(*ast.CallExpr)
		if !ok || found {
			return !found
		}
		if sel, ok := call.Fun.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Name == harness && (sel.Sel.Name == "Traced" || sel.Sel.Name == "Speedup") {
				found = true
			}
		}
		return !found
	})
	return found
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
