package main

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/cache"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/progress"
	"github.com/deli-katas/deli/grader/internal/report"
)

// gradedRunLimit is the default limit on one run of a dimension's tests in
// gradings that count (batch, CI, report files, verify). A student's own
// grading uses each kata's catalog.Kata.StudentRunLimit instead, so that a
// hang is reported soon.
const gradedRunLimit = time.Minute

// rootFlags are the grader command's own flags.
type rootFlags struct {
	common    commonFlags
	asJSON    bool
	solutions bool
	minScore  int
	verbose   bool
	force     bool
	noHistory bool
	files     reportFiles
	html      string // the HTML report's path, if asked for
}

// newRootCommand returns the grader command, which grades the katas it is
// given (all by default), with every subcommand added.
func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	var f rootFlags
	root := &cobra.Command{
		Use:   "grader [flags] [kata...]",
		Short: "Grade Deli's concurrency katas",
		Long: `grader runs each kata's suite and scores six dimensions: correctness, ordering,
timing, race (the suite under -race), leaks and a measured multi-core speedup.
Name katas by id or number (08-primes, 8) to grade only those.

Exit status: 0 when the score is at least --min-score, 1 when it is below,
2 when the grader itself could not run (bad flags, no repository).`,
		Args:          cobra.ArbitraryArgs,
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			return f.grade(cmd.Context(), args, stdout, stderr)
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	f.common.register(root)
	root.Flags().BoolVar(&f.asJSON, "json", false, "write the results as JSON (schema "+report.Schema+", see docs/grader-json.md) instead of a table")
	f.files.register(root, "")
	root.Flags().BoolVar(&f.solutions, "solutions", false, "grade the reference solutions in solutions/ against the same suites")
	root.Flags().StringVar(&f.html, "html", "", "also write the results to this `file` as one self-contained HTML page, with a timeline traced from each kata whose correctness passes")
	root.Flags().IntVar(&f.minScore, "min-score", 0, "exit with status 1 when the score is below this percentage")
	root.Flags().BoolVarP(&f.verbose, "verbose", "v", false, "show the output of every failing test, not only the next kata's")
	root.Flags().BoolVar(&f.force, "force", false, "grade every kata afresh: even unchanged stubs, and katas kept with full marks from the last grading")
	root.Flags().BoolVar(&f.noHistory, "no-history", false, "neither read nor update "+progress.File+" (points since last time, hints earned)")
	common := &f.common
	root.AddCommand(newVerifyCommand(common, stdout, stderr), newWatchCommand(common, stdout, stderr), newCurveCommand(common, stdout, stderr), newBatchCommand(common, stdout, stderr),
		newMergeCommand(stdout), newClassroomEnvCommand(stdout), newListCommand(common, stdout),
		newGradescopeBundleCommand(common, stdout), newMutateCommand(common, stdout, stderr), newTraceCommand(common, stdout, stderr))
	return root
}

// grade is the grader command itself: it grades the katas named in args (all
// by default), prints the table or the JSON, and writes the report files.
func (f *rootFlags) grade(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if f.minScore < 0 || f.minScore > 100 {
		return fmt.Errorf("--min-score %d: want a percentage from 0 to 100", f.minScore)
	}
	need := sandboxIfAvailable
	if inCI() {
		need = sandboxRequired
	}
	env, err := setUp(ctx, f.common, args, need, stderr)
	if err != nil {
		return err
	}
	defer env.cleanUp()
	opts := env.opts
	opts.Force = f.force
	source := "exercises"
	if f.solutions {
		source = "solutions"
		opts.Stub = func(k catalog.Kata) string {
			return filepath.Join(opts.ModuleDir, k.SolutionPath())
		}
	}
	var history *progress.Progress
	if !f.solutions && !f.noHistory {
		history = progress.Load(opts.ModuleDir)
	}
	student := !f.solutions && !inCI() && f.files.empty()
	if student && f.common.timeout == 0 {
		opts.RunLimit = catalog.Kata.StudentRunLimit
	}
	opts.StopAfterStall = student
	// A student's own loop keeps full marks from one grading to the next;
	// CI and every report file grade everything afresh.
	if student && !f.noHistory {
		if key := cacheKey(opts.ModuleDir); key != nil {
			opts.Cache, opts.CacheKey = cache.Load(opts.ModuleDir), key
			defer opts.Cache.Save()
		}
	}
	doc, err := gradeKatas(env, opts, source, "", stderr, func(k catalog.Kata, r *report.KataResult) {
		if history != nil && r.Status != report.NotStarted {
			recordProgress(history, k, r)
		}
	})
	if err != nil {
		return err
	}
	if inCI() || !f.files.empty() {
		remeasure(env, opts, &doc, "", stderr)
	}
	if history != nil {
		if err := history.Save(opts.ModuleDir); err != nil {
			fmt.Fprintf(stderr, "grader: %v (grading is not affected)\n", err)
		}
	}
	if f.asJSON {
		err = report.WriteJSON(stdout, doc)
	} else {
		fmt.Fprintln(stdout)
		err = report.WriteTable(stdout, doc, f.verbose)
	}
	if err != nil {
		return err
	}
	if err := f.files.write(doc); err != nil {
		return err
	}
	if f.html != "" {
		if err := writeHTMLReport(env, f.html, doc, codeSource{solutions: f.solutions}, stderr); err != nil {
			return err
		}
	}
	if doc.Summary.Percent < f.minScore {
		return &shortfall{fmt.Errorf("score %d%% is below --min-score %d%%", doc.Summary.Percent, f.minScore)}
	}
	return nil
}

// recordProgress adds a grading to the history and sets, from it, the points
// the kata had before and the hint to show: the next one not seen yet for
// what failed (grade.SetHint), which is then noted as seen.
func recordProgress(history *progress.Progress, k catalog.Kata, r *report.KataResult) {
	before, _ := history.Record(k.ID, r.Points, r.MaxPoints, time.Now())
	if before >= 0 {
		r.Previous = &before
	}
	grade.SetHint(k, r, history.Seen(k.ID))
	if r.HintNumber > 0 {
		history.Show(k.ID, r.HintNumber-1)
	}
}

// cacheKey is what every kept result depends on besides its own code and
// suite: this grader's executable, the harness and catalog compiled into the
// suites, the module's requirements, the Go version and the CPUs. It is nil
// when the grader cannot read its own executable (then nothing is kept).
func cacheKey(moduleDir string) []byte {
	exe, err := os.Executable()
	if err != nil {
		return nil
	}
	self, err := os.ReadFile(exe)
	if err != nil {
		return nil
	}
	h := sha256.New()
	h.Write(self)
	for _, pattern := range []string{"grader/katatest/*.go", "grader/catalog/*.toml", "go.mod", "go.sum"} {
		files, _ := filepath.Glob(filepath.Join(moduleDir, pattern))
		for _, f := range files {
			data, _ := os.ReadFile(f)
			fmt.Fprintf(h, "%s %d\n", filepath.Base(f), len(data))
			h.Write(data)
		}
	}
	fmt.Fprintf(h, "%s %d", runtime.Version(), runtime.NumCPU())
	return h.Sum(nil)
}

// gradeKatas grades env's katas in course order with opts, saying on stderr
// how each went (label, when set, names whose work it is), and calls after,
// if set, on each result before it joins the document.
func gradeKatas(env *environment, opts grade.Options, source, label string, stderr io.Writer,
	after func(catalog.Kata, *report.KataResult)) (report.Document, error) {
	doc := report.Document{Schema: report.Schema, Source: source, GoVersion: runtime.Version(), CPUs: runtime.NumCPU()}
	if label != "" {
		label += " "
	}
	line := newProgressLine(stderr)
	if line != nil {
		opts.Progress = line.Step
	}
	for _, k := range env.katas {
		if env.ctx.Err() != nil {
			return doc, errors.New("interrupted")
		}
		line.Begin(label + k.ID)
		r := grade.Kata(env.ctx, k, opts)
		line.End()
		fmt.Fprintf(stderr, "grading %s%s ... %d/%d (%.1fs)\n", label, k.ID, r.Points, r.MaxPoints, r.Seconds)
		if after != nil {
			after(k, &r)
		}
		doc.Katas = append(doc.Katas, r)
	}
	doc.Summary = report.Summarise(doc.Katas)
	return doc, nil
}
