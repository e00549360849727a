package main

import (
	"errors"
	"fmt"
	"io"
	"runtime"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/mutate"
)

// mutateHelp is mutate's long help, with the operators it applies.
func mutateHelp() string {
	return `mutate applies concurrency mutation operators to each kata's reference solution,
one mutation at a time: it drops a Lock and its Unlocks, a Wait, a close or a
defer cancel(), moves a WaitGroup's Add into the goroutine, changes a channel's
buffer, removes a select's <-ctx.Done() case, swaps two nested locks, turns the
for around a Cond's Wait into an if, and runs a goroutine's function inline.
Each mutant is compiled in place of the kata's stub (through a build overlay,
from a scratch folder: nothing is written to the repository) and the kata's
suite runs against it under -race, dimension by dimension, until a test kills
it. Speedup tests are slow and left out unless --speedup is given.

A mutant is killed, timed out (a hang, stopped at its run's time limit: a kill
too), survived, equivalent (a survivor that solutions/NN-name/mutants/
equivalent.txt records as one no test keeping to the contract can kill), or did
not compile. The table gives each kata's mutation score, killed out of compiled
and not equivalent; every survivor is printed with its diff. See
docs/mutation.md.

Operators:
` + operatorList() + `
Exit status: 0 when done, 1 when a kata scores below --min-score, a solution
fails its own suite, or an equivalent.txt has problems; 2 when mutate could not
run (bad flags, interrupted).`
}

func newMutateCommand(common *commonFlags, stdout, stderr io.Writer) *cobra.Command {
	var (
		jobs, sample, minScore int
		speedup, asJSON        bool
		verbose, list          bool
		only                   []string
	)
	cmd := &cobra.Command{
		Use:   "mutate [kata...]",
		Short: "Mutate the reference solutions with concurrency bugs and see which ones the suites catch",
		Long:  mutateHelp(),
		Args:  cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if jobs < 1 {
				return fmt.Errorf("--jobs %d: want at least 1", jobs)
			}
			if sample < 0 || minScore < 0 || minScore > 100 {
				return errors.New("--sample takes a count of mutants, 0 or more, and --min-score a percentage from 0 to 100")
			}
			env, err := setUp(cmd.Context(), *common, args, sandboxIfAvailable, stderr)
			if err != nil {
				return err
			}
			defer env.cleanUp()
			opts := mutate.Options{Grade: env.opts, Jobs: jobs, Speedup: speedup, Sample: sample, Only: only,
				Progress: func(format string, args ...any) { fmt.Fprintf(stderr, "mutate "+format+"\n", args...) }}
			// Mutants are judged side by side; the gate keeps each speedup
			// measurement alone on the machine.
			opts.Grade.Gate = new(grade.Gate)
			if list {
				katas, err := mutate.List(env.katas, opts)
				if err != nil {
					return err
				}
				if err := mutate.WriteList(stdout, katas, verbose); err != nil {
					return err
				}
				return mutateVerdict(katas, 0)
			}
			katas, err := mutate.Run(env.ctx, env.katas, opts)
			if err != nil {
				return err
			}
			if env.ctx.Err() != nil {
				return errors.New("interrupted")
			}
			if asJSON {
				err = mutate.WriteJSON(stdout, katas, mutate.Meta{GoVersion: runtime.Version(), CPUs: runtime.NumCPU(),
					Jobs: jobs, Speedup: speedup, Sample: sample})
			} else {
				fmt.Fprintln(stdout)
				err = mutate.WriteTable(stdout, katas, verbose)
			}
			if err != nil {
				return err
			}
			return mutateVerdict(katas, minScore)
		},
	}
	cmd.Flags().IntVar(&jobs, "jobs", 1, "mutants judged at the same time (speedup measurements still run alone)")
	cmd.Flags().BoolVar(&speedup, "speedup", false, "also run the speedup tests against the mutants every other test passes (slow: each has the machine to itself)")
	cmd.Flags().IntVar(&sample, "sample", 0, "judge only this many mutants of each kata, the same ones every time (0: all)")
	cmd.Flags().StringSliceVar(&only, "mutant", nil, "judge only the mutants with these IDs (drop-lock@L42; repeat the flag or separate with commas)")
	cmd.Flags().IntVar(&minScore, "min-score", 0, "exit with status 1 when a kata's mutation score is below this percentage")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write the results as JSON (schema "+mutate.Schema+", see docs/mutation.md) instead of a table")
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list every mutant with its verdict (with --list: print each mutant's diff)")
	cmd.Flags().BoolVar(&list, "list", false, "list the mutants (ID, fingerprint, what they change) and check the equivalent files, without judging anything")
	return cmd
}

// operatorList is the operators' names and docs, for the help text.
func operatorList() string {
	var b strings.Builder
	for _, op := range mutate.Operators() {
		fmt.Fprintf(&b, "  %-17s %s\n", op.Name, op.Doc)
	}
	return b.String()
}

// mutateVerdict turns the results into the exit status.
func mutateVerdict(katas []mutate.Kata, minScore int) error {
	var faults []string
	for _, k := range katas {
		switch p, ok := k.Counts().Score(); {
		case k.Err != "":
			faults = append(faults, k.ID+": "+k.Err)
		case ok && p < float64(minScore):
			faults = append(faults, fmt.Sprintf("%s scores %.1f%%, below --min-score %d%%", k.ID, p, minScore))
		}
		if len(k.Problems) > 0 {
			faults = append(faults, fmt.Sprintf("%s: %d problems with %s", k.ID, len(k.Problems), mutate.EquivalentFile(k.ID)))
		}
	}
	if len(faults) > 0 {
		return &shortfall{errors.New(strings.Join(faults, "; "))}
	}
	return nil
}
