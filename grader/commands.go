package main

import (
	"cmp"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/cache"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/progress"
	"github.com/deli-katas/deli/grader/internal/report"
	"github.com/deli-katas/deli/grader/internal/sandbox"
	"github.com/deli-katas/deli/grader/internal/stress"
	"github.com/deli-katas/deli/grader/internal/verify"
)

// gradedRunLimit is the default limit on one run of a dimension's tests in
// gradings that count (batch, CI, report files, verify). A student's own
// grading uses each kata's catalog.Kata.StudentRunLimit instead, so that a
// hang is reported soon.
const gradedRunLimit = time.Minute

// flags shared by grading and verify.
type commonFlags struct {
	dir            string
	timeout        time.Duration
	speedupTimeout time.Duration
	kataTimeout    time.Duration
	unsandboxed    bool
	memoryMiB      int64
}

// Whether a command must have a sandbox to grade.
type sandboxNeed int

const (
	sandboxIfAvailable sandboxNeed = iota // say so in one line and go on without one
	sandboxRequired                       // refuse to grade without one, unless --unsandboxed
)

// inCI reports whether the grader runs in continuous integration, where a
// grade counts and student code must be sandboxed.
func inCI() bool { return os.Getenv("CI") == "true" }

func (c *commonFlags) register(cmd *cobra.Command) {
	cmd.PersistentFlags().StringVar(&c.dir, "dir", "", "the Deli repository to grade (default: the one around the current directory)")
	cmd.PersistentFlags().DurationVar(&c.timeout, "timeout", 0, "time limit for each run of one dimension's tests (default: when you grade your own work, the kata's own limit, 10s for most, so a hang is reported soon; 1m in batch, CI, verify and with report files)")
	cmd.PersistentFlags().DurationVar(&c.speedupTimeout, "speedup-timeout", 3*time.Minute, "time limit for a kata's speedup measurement")
	cmd.PersistentFlags().DurationVar(&c.kataTimeout, "kata-timeout", 10*time.Minute, "time limit for grading one kata, builds included")
	cmd.PersistentFlags().BoolVar(&c.unsandboxed, "unsandboxed", false, "run student code without the bubblewrap sandbox (batch and CI refuse to grade unsandboxed without this)")
	cmd.PersistentFlags().Int64Var(&c.memoryMiB, "memory", sandbox.DefaultMemory>>20, "MiB of memory one run of a kata's tests may use in the sandbox")
}

func newRootCommand(stdout, stderr io.Writer) *cobra.Command {
	var common commonFlags
	var (
		asJSON    bool
		solutions bool
		minScore  int
		verbose   bool
		force     bool
		noHistory bool
		files     reportFiles
	)
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
			if minScore < 0 || minScore > 100 {
				return &exitError{exitUsage, fmt.Errorf("--min-score %d: want a percentage from 0 to 100", minScore)}
			}
			need := sandboxIfAvailable
			if inCI() {
				need = sandboxRequired
			}
			env, err := setUp(cmd.Context(), common, args, need, stderr)
			if err != nil {
				return err
			}
			defer env.cleanUp()
			opts := env.opts
			opts.Force = force
			source := "exercises"
			if solutions {
				source = "solutions"
				opts.Stub = func(k catalog.Kata) string {
					return filepath.Join(opts.ModuleDir, "solutions", k.ID, k.StubFile())
				}
			}
			var history *progress.Progress
			if !solutions && !noHistory {
				history = progress.Load(opts.ModuleDir)
			}
			student := !solutions && !inCI() && files.empty()
			if student && common.timeout == 0 {
				opts.RunLimit = catalog.Kata.StudentRunLimit
			}
			opts.StopAfterStall = student
			// A student's own loop keeps full marks from one grading to the
			// next; CI and every report file grade everything afresh.
			if student && !noHistory {
				if key := cacheKey(opts.ModuleDir); key != nil {
					opts.Cache, opts.CacheKey = cache.Load(opts.ModuleDir), key
					defer opts.Cache.Save()
				}
			}
			doc, err := gradeKatas(env, opts, source, "", stderr, func(k catalog.Kata, r *report.Kata) {
				if history != nil && r.Status != report.NotStarted {
					recordProgress(history, k, r)
				}
			})
			if err != nil {
				return err
			}
			if inCI() || !files.empty() {
				remeasure(env, opts, &doc, "", stderr)
			}
			if history != nil {
				if err := history.Save(opts.ModuleDir); err != nil {
					fmt.Fprintf(stderr, "grader: %v (grading is not affected)\n", err)
				}
			}
			if asJSON {
				err = report.WriteJSON(stdout, doc)
			} else {
				fmt.Fprintln(stdout)
				err = report.WriteTable(stdout, doc, verbose)
			}
			if err != nil {
				return &exitError{exitUsage, err}
			}
			if err := files.write(doc); err != nil {
				return &exitError{exitUsage, err}
			}
			if doc.Summary.Percent < minScore {
				return &exitError{exitBelowMinimum, fmt.Errorf("score %d%% is below --min-score %d%%", doc.Summary.Percent, minScore)}
			}
			return nil
		},
	}
	root.SetOut(stdout)
	root.SetErr(stderr)
	common.register(root)
	root.Flags().BoolVar(&asJSON, "json", false, "write the results as JSON (schema "+report.Schema+", see docs/grader-json.md) instead of a table")
	files.register(root, "")
	root.Flags().BoolVar(&solutions, "solutions", false, "grade the reference solutions in solutions/ against the same suites")
	root.Flags().IntVar(&minScore, "min-score", 0, "exit with status 1 when the score is below this percentage")
	root.Flags().BoolVarP(&verbose, "verbose", "v", false, "show the output of every failing test, not only the next kata's")
	root.Flags().BoolVar(&force, "force", false, "grade every kata afresh: even unchanged stubs, and katas kept with full marks from the last grading")
	root.Flags().BoolVar(&noHistory, "no-history", false, "neither read nor update "+progress.File+" (points since last time, hints earned)")
	root.AddCommand(newVerifyCommand(&common, stdout, stderr), newWatchCommand(&common, stdout, stderr), newCurveCommand(&common, stdout, stderr), newBatchCommand(&common, stdout, stderr),
		newMergeCommand(stdout), newClassroomEnvCommand(stdout), newListCommand(&common, stdout),
		newGradescopeBundleCommand(&common, stdout), newMutateCommand(&common, stdout, stderr))
	return root
}

func newVerifyCommand(common *commonFlags, stdout, stderr io.Writer) *cobra.Command {
	var (
		strict                              bool
		jobs                                int
		stressRuns, mutantRuns, speedupRuns int
	)
	cmd := &cobra.Command{
		Use:   "verify [kata...]",
		Short: "Prove every solution earns full marks, every stub fails and every mutant is caught",
		Long: `verify grades, for each kata, the reference solution (it must earn full marks), the
shipped stub (its correctness tests must fail) and every mutant in
solutions/NN-name/mutants/KIND/ (it must lose a dimension its first line names),
and checks that every dimension the kata scores is caught by some mutant.

A speedup that this machine cannot measure leaves a check "unproven": reported,
and a failure only with --strict. Exit status: 0 all proven, 1 a check failed,
2 the grader could not run.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := setUp(cmd.Context(), *common, args, sandboxIfAvailable, stderr)
			if err != nil {
				return err
			}
			defer env.cleanUp()
			if jobs < 1 {
				return &exitError{exitUsage, fmt.Errorf("--jobs %d: want at least 1", jobs)}
			}
			var mu sync.Mutex
			progress := func(format string, args ...any) {
				mu.Lock()
				defer mu.Unlock()
				fmt.Fprintf(stderr, "verify "+format+"\n", args...)
			}
			// Katas are verified side by side; the gate keeps each speedup
			// measurement alone on the machine.
			opts := env.opts
			opts.Gate = new(grade.Gate)
			if stressRuns > 0 {
				return runStress(env, stress.Options{Grade: opts, Runs: stressRuns, MutantRuns: mutantRuns, SpeedupRuns: speedupRuns},
					jobs, progress, stdout)
			}
			perKata := make([][]verify.Check, len(env.katas))
			forEachKata(env, jobs, func(i int, k catalog.Kata) { perKata[i] = verify.Kata(env.ctx, k, opts, progress) })
			if env.ctx.Err() != nil {
				return &exitError{exitUsage, errors.New("interrupted")}
			}
			var checks []verify.Check
			for _, cs := range perKata {
				checks = append(checks, cs...)
			}
			fmt.Fprintln(stdout)
			failed, unproven := verify.WriteTable(stdout, checks)
			if unproven > 0 {
				fmt.Fprintf(stdout, "\n%d checks unproven: a speedup was not measurable on this machine (counted as skipped).", unproven)
			}
			fmt.Fprintf(stdout, "\nverify: %d passed, %d failed, %d skipped\n", len(checks)-failed-unproven, failed, unproven)
			if failed > 0 || (strict && unproven > 0) {
				return &exitError{exitBelowMinimum, fmt.Errorf("verify: %d checks failed, %d unproven", failed, unproven)}
			}
			return nil
		},
	}
	cmd.Flags().BoolVar(&strict, "strict", false, "treat an unproven check (speedup not measurable here) as a failure")
	cmd.Flags().IntVar(&jobs, "jobs", runtime.NumCPU(), "katas verified at the same time (speedup measurements still run alone)")
	cmd.Flags().IntVar(&stressRuns, "stress", 0, "instead of verifying once, run each solution's suite this many times (plain and under -race) and report every test that ever failed, and each mutant's catch rate")
	cmd.Flags().IntVar(&mutantRuns, "stress-mutants", -1, "with --stress: runs of each mutant's catching tests; 0 leaves mutants out (default: the --stress count)")
	cmd.Flags().IntVar(&speedupRuns, "stress-speedup", 0, "with --stress: runs of the speedup tests of solutions and speedup mutants (0 leaves speedup out)")
	return cmd
}

// forEachKata calls f for each of env's katas, jobs at a time, and returns
// when every call has.
func forEachKata(env *environment, jobs int, f func(i int, k catalog.Kata)) {
	slots := make(chan struct{}, jobs)
	var wg sync.WaitGroup
	for i, k := range env.katas {
		slots <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-slots; wg.Done() }()
			f(i, k)
		}()
	}
	wg.Wait()
}

// runStress runs verify --stress and prints its table.
func runStress(env *environment, opts stress.Options, jobs int, progress verify.Progress, stdout io.Writer) error {
	if opts.MutantRuns == -1 {
		opts.MutantRuns = opts.Runs
	}
	if opts.MutantRuns < 0 || opts.SpeedupRuns < 0 {
		return &exitError{exitUsage, errors.New("--stress-mutants and --stress-speedup take a count of runs, 0 or more")}
	}
	perKata := make([][]stress.Line, len(env.katas))
	forEachKata(env, jobs, func(i int, k catalog.Kata) {
		perKata[i] = stress.Kata(env.ctx, k, opts, progress)
		var b strings.Builder
		stress.WriteTable(&b, perKata[i])
		progress("%s: done\n%s", k.ID, b.String())
	})
	if env.ctx.Err() != nil {
		return &exitError{exitUsage, errors.New("interrupted")}
	}
	var lines []stress.Line
	for _, ls := range perKata {
		lines = append(lines, ls...)
	}
	fmt.Fprintln(stdout)
	failed, unproven := stress.WriteTable(stdout, lines)
	fmt.Fprintf(stdout, "\nstress: %d passed, %d failed, %d skipped\n", len(lines)-failed-unproven, failed, unproven)
	if failed > 0 {
		return &exitError{exitBelowMinimum, fmt.Errorf("stress: %d lines failed: a solution test failed or a mutant escaped", failed)}
	}
	return nil
}

// environment is what a command needs once its flags are read.
type environment struct {
	ctx     context.Context
	katas   []catalog.Kata
	opts    grade.Options
	cleanUp func()
}

func setUp(ctx context.Context, common commonFlags, args []string, need sandboxNeed, stderr io.Writer) (*environment, error) {
	dir, err := findRepository(common.dir)
	if err != nil {
		return nil, &exitError{exitUsage, err}
	}
	katas, err := selectKatas(args)
	if err != nil {
		return nil, &exitError{exitUsage, err}
	}
	if common.memoryMiB < 64 {
		return nil, &exitError{exitUsage, fmt.Errorf("--memory %d: give at least 64 MiB", common.memoryMiB)}
	}
	var box *sandbox.Sandbox
	if !common.unsandboxed {
		box, err = sandbox.Detect()
		switch {
		case err != nil && need == sandboxRequired:
			return nil, &exitError{exitUsage, fmt.Errorf("refusing to grade without a sandbox: %v. "+
				"Install bubblewrap, or pass --unsandboxed to grade anyway (student code then runs with your rights)", err)}
		case err != nil:
			fmt.Fprintf(stderr, "grader: no sandbox, so the code runs with your rights: %v\n", err)
		}
	}
	removeStaleScratch(os.TempDir())
	work, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", scratchPrefix, os.Getpid()))
	if err != nil {
		return nil, &exitError{exitUsage, err}
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	return &environment{
		ctx:   ctx,
		katas: katas,
		opts: grade.Options{
			ModuleDir: dir, WorkDir: work, RunTimeout: cmp.Or(common.timeout, gradedRunLimit), SpeedupTimeout: common.speedupTimeout, KataTimeout: common.kataTimeout,
			Sandbox: box, Memory: common.memoryMiB << 20,
		},
		cleanUp: func() { stop(); os.RemoveAll(work) },
	}, nil
}

// scratchPrefix starts the name of every grader's scratch folder, followed by
// the grader's process id.
const scratchPrefix = "deli-grader-"

// removeStaleScratch removes the scratch folders in dir of graders that are
// no longer running: a grader that was killed could not remove its own.
func removeStaleScratch(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), scratchPrefix)
		pid, _, ok2 := strings.Cut(rest, "-")
		n, err := strconv.Atoi(pid)
		if !ok || !ok2 || err != nil || !e.IsDir() || processAlive(n) {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}

// findRepository returns dir, or the nearest directory at or above the current
// one whose go.mod declares Deli's module.
func findRepository(dir string) (string, error) {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", err
		}
		if !isDeli(abs) {
			return "", fmt.Errorf("%s is not a Deli repository (no go.mod declaring github.com/deli-katas/deli)", dir)
		}
		return abs, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if isDeli(d) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no Deli repository at or above %s: run the grader inside your clone, or pass --dir", wd)
		}
	}
}

func isDeli(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	return err == nil && strings.Contains(string(data), "module "+catalog.ModulePath+"\n")
}

// selectKatas returns the katas named by args, or all of them.
func selectKatas(args []string) ([]catalog.Kata, error) {
	if len(args) == 0 {
		return catalog.All(), nil
	}
	var ks []catalog.Kata
	for _, a := range args {
		k, ok := catalog.Lookup(a)
		if !ok {
			return nil, fmt.Errorf("no kata %q: name one by id (08-primes) or number (8)", a)
		}
		ks = append(ks, k)
	}
	return ks, nil
}

// recordProgress adds a grading to the history and sets, from it, the points
// the kata had before and the hint to show: the next one not seen yet for
// what failed (grade.SetHint), which is then noted as seen.
func recordProgress(history *progress.Progress, k catalog.Kata, r *report.Kata) {
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

// writeFile writes a file through write, replacing it only once write has
// succeeded, so that a failed run never leaves half a report behind.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// gradeKatas grades env's katas in course order with opts, saying on stderr
// how each went (label, when set, names whose work it is), and calls after,
// if set, on each result before it joins the document.
func gradeKatas(env *environment, opts grade.Options, source, label string, stderr io.Writer,
	after func(catalog.Kata, *report.Kata)) (report.Document, error) {
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
			return doc, &exitError{exitUsage, errors.New("interrupted")}
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
