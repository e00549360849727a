package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"text/tabwriter"
	"time"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/timeline"
	"github.com/deli-katas/deli/grader/internal/tracing"
	"github.com/deli-katas/deli/grader/protocol"
)

// traced is one kata's traced workload: its picture and its figures.
type traced struct {
	Kata string `json:"kata"`
	Code string `json:"code"` // "exercises", "solutions" or "mutant KIND"
	Test string `json:"test"` // the suite's test that ran the workload
	timeline.Figures
	Speedup float64 `json:"speedup,omitempty"` // speedup katas: the untraced work's speedup on Procs CPUs
	Machine float64 `json:"machine,omitempty"` // and the calibration kernel's in the same rounds
	// SpeedupNotMeasurable says the machine could not show parallelism while
	// the speedup was timed: the figure says nothing about the code.
	SpeedupNotMeasurable bool    `json:"speedup_not_measurable,omitempty"`
	UntracedNS           int64   `json:"untraced_ns"` // wall time of the workload, untraced
	TracedNS             int64   `json:"traced_ns"`   // and traced
	Overhead             float64 `json:"overhead"`    // traced / untraced - 1

	timeline *timeline.Timeline
}

func newTraceCommand(common *commonFlags, stdout, stderr io.Writer) *cobra.Command {
	var svg, mutant string
	var solutions, asJSON bool
	cmd := &cobra.Command{
		Use:   "trace [flags] kata...",
		Short: "Draw the registers and customers of a kata's workload from a real execution trace",
		Long: `trace runs a kata's workload against your code (or, with --solutions, the
reference solution; with --mutant KIND, solutions/NN-name/mutants/KIND/) under
runtime/trace, and prints what the trace shows: parallelism (how many Ps,
the registers, were busy on average), the most goroutines (customers) alive at
once, and the time they spent running, waiting for a register and blocked.
With --svg it draws the timeline: a lane per register with the goroutines it
served, and a lane of what every goroutine was doing.

The workload is the suite's: the speedup test's work for the parallel katas,
and a short real-time scenario (the test that calls katatest.Traced) for the
others. Your code runs in the grader's sandbox, as when it is graded. Tracing
grades nothing.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if solutions && mutant != "" {
				return errors.New("trace: give --solutions or --mutant, not both")
			}
			if svg != "" && len(args) > 1 {
				return errors.New("trace: --svg draws one kata; name only one")
			}
			need := sandboxIfAvailable
			if inCI() {
				need = sandboxRequired // the student's code runs, as when it is graded
			}
			env, err := setUp(cmd.Context(), *common, args, need, stderr)
			if err != nil {
				return err
			}
			defer env.cleanUp()
			code := codeSource{solutions: solutions, mutant: mutant}
			var results []traced
			for _, k := range env.katas {
				fmt.Fprintf(stderr, "tracing %s (%s) ... ", k.ID, code.name())
				r, err := traceKata(env, k, code)
				if err != nil {
					fmt.Fprintln(stderr, "failed")
					return &shortfall{err}
				}
				fmt.Fprintf(stderr, "parallelism %.2f\n", r.Parallelism)
				results = append(results, r)
			}
			if svg != "" {
				r := results[0]
				title := fmt.Sprintf("%s · %s · %d registers (%s/%s)", r.Kata, code.name(), r.Procs, runtime.GOOS, runtime.GOARCH)
				if err := writeFile(svg, func(w io.Writer) error { return r.timeline.WriteSVG(w, title) }); err != nil {
					return fmt.Errorf("--svg: %w", err)
				}
			}
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				return enc.Encode(results)
			}
			return writeTraceTable(stdout, results)
		},
	}
	cmd.Flags().BoolVar(&solutions, "solutions", false, "trace the reference solution instead of your code")
	cmd.Flags().StringVar(&mutant, "mutant", "", "trace solutions/NN-name/mutants/`KIND` instead of your code")
	cmd.Flags().StringVar(&svg, "svg", "", "draw the timeline into this SVG `file`")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write the figures as JSON instead of a table")
	return cmd
}

// codeSource says whose code a trace runs.
type codeSource struct {
	solutions bool
	mutant    string
}

func (c codeSource) name() string {
	switch {
	case c.solutions:
		return "solutions"
	case c.mutant != "":
		return "mutant " + c.mutant
	}
	return "exercises"
}

// path returns the file to compile in place of k's stub.
func (c codeSource) path(moduleDir string, k catalog.Kata) (string, error) {
	switch {
	case c.solutions:
		return filepath.Join(moduleDir, k.SolutionPath()), nil
	case c.mutant != "":
		p := filepath.Join(moduleDir, k.MutantPath(c.mutant))
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("%s has no mutant %q (see %s)", k.ID, c.mutant, k.MutantsDir())
		}
		return p, nil
	}
	p := filepath.Join(moduleDir, k.StubPath())
	if hash, err := grade.StubHash(p); err == nil && hash == k.StubSHA256 {
		return "", fmt.Errorf("%s is not started: the stub is unchanged, so there is nothing to trace yet "+
			"(trace --solutions %s shows the reference solution)", k.ID, k.ID)
	}
	return p, nil
}

// traceKata records k's workload against the code c names and reads the trace.
func traceKata(env *environment, k catalog.Kata, c codeSource) (traced, error) {
	file, err := c.path(env.opts.ModuleDir, k)
	if err != nil {
		return traced{}, err
	}
	rec, err := tracing.Record(env.ctx, k, file, env.opts)
	if err != nil {
		return traced{}, err
	}
	f, err := os.Open(rec.Trace)
	if err != nil {
		return traced{}, err
	}
	defer f.Close()
	tl, err := timeline.Read(f, timeline.Options{Region: protocol.TraceRegion})
	if err != nil {
		return traced{}, fmt.Errorf("%s: %w", k.ID, err)
	}
	return traced{
		Kata: k.ID, Code: c.name(), Test: rec.Test, Figures: tl.Figures,
		Speedup: rec.Figures.Speedup(), Machine: rec.Figures.Machine, SpeedupNotMeasurable: rec.Unmeasurable, UntracedNS: int64(rec.Figures.Untraced), TracedNS: int64(rec.Figures.Traced),
		Overhead: rec.Figures.Overhead(), timeline: tl,
	}, nil
}

func writeTraceTable(w io.Writer, results []traced) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "KATA\tCODE\tPARALLELISM\tGOROUTINES\tREGISTERS\tRUNNING\tRUNNABLE\tBLOCKED\tSPEEDUP\tTRACING COST")
	for _, r := range results {
		speedup := "-"
		switch {
		case r.SpeedupNotMeasurable:
			speedup = fmt.Sprintf("n/m (machine %.2fx)", r.Machine)
		case r.Speedup > 0:
			speedup = fmt.Sprintf("%.2fx", r.Speedup)
		}
		fmt.Fprintf(tw, "%s\t%s\t%.2f\t%d\t%d\t%s\t%s\t%s\t%s\t%+.0f%%\n", r.Kata, r.Code, r.Parallelism, r.Goroutines, r.Procs,
			ms(r.Running), ms(r.Runnable), ms(r.Blocked), speedup, 100*r.Overhead)
	}
	return tw.Flush()
}

// ms formats d in milliseconds, to a tenth.
func ms(d time.Duration) string { return fmt.Sprintf("%.1fms", float64(d)/float64(time.Millisecond)) }
