package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strings"
	"sync"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/stress"
	"github.com/deli-katas/deli/grader/internal/verify"
)

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

A speedup that this machine cannot measure is measured once more after every
kata is done; if it still cannot be, its check is "unproven": reported, and a
failure only with --strict. Exit status: 0 all proven, 1 a check failed,
2 the grader could not run.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := setUp(cmd.Context(), *common, args, sandboxIfAvailable, stderr)
			if err != nil {
				return err
			}
			defer env.cleanUp()
			if jobs < 1 {
				return fmt.Errorf("--jobs %d: want at least 1", jobs)
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
			verify.Each(env.katas, jobs, func(i int, k catalog.Kata) { perKata[i] = verify.Kata(env.ctx, k, opts, progress) })
			// A speedup that was not measurable beside the other katas'
			// work is measured once more, now that the machine is quieter.
			for i, k := range env.katas {
				if slices.ContainsFunc(perKata[i], func(c verify.Check) bool { return c.Verdict == verify.Unproven }) {
					perKata[i] = verify.Again(env.ctx, k, opts, perKata[i], progress)
				}
			}
			if env.ctx.Err() != nil {
				return errors.New("interrupted")
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
				return &shortfall{fmt.Errorf("verify: %d checks failed, %d unproven", failed, unproven)}
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

// runStress runs verify --stress and prints its table.
func runStress(env *environment, opts stress.Options, jobs int, progress verify.Progress, stdout io.Writer) error {
	if opts.MutantRuns == -1 {
		opts.MutantRuns = opts.Runs
	}
	if opts.MutantRuns < 0 || opts.SpeedupRuns < 0 {
		return errors.New("--stress-mutants and --stress-speedup take a count of runs, 0 or more")
	}
	perKata := make([][]stress.Line, len(env.katas))
	verify.Each(env.katas, jobs, func(i int, k catalog.Kata) {
		perKata[i] = stress.Kata(env.ctx, k, opts, progress)
		var b strings.Builder
		stress.WriteTable(&b, perKata[i])
		progress("%s: done\n%s", k.ID, b.String())
	})
	if env.ctx.Err() != nil {
		return errors.New("interrupted")
	}
	var lines []stress.Line
	for _, ls := range perKata {
		lines = append(lines, ls...)
	}
	fmt.Fprintln(stdout)
	failed, unproven := stress.WriteTable(stdout, lines)
	fmt.Fprintf(stdout, "\nstress: %d passed, %d failed, %d skipped\n", len(lines)-failed-unproven, failed, unproven)
	if failed > 0 {
		return &shortfall{fmt.Errorf("stress: %d lines failed: a solution test failed or a mutant escaped", failed)}
	}
	return nil
}
