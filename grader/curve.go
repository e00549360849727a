package main

import (
	"fmt"
	"io"
	"path/filepath"
	"runtime"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/curve"
)

func newCurveCommand(common *commonFlags, stdout, stderr io.Writer) *cobra.Command {
	var svg, title, mutant string
	cmd := &cobra.Command{
		Use:   "curve [kata...]",
		Short: "Measure how the reference solutions speed up with 1, 2, 4, … CPUs",
		Long: `curve runs each kata's speedup test against its reference solution (or, with
--mutant, against solutions/NN-name/mutants/KIND/) at GOMAXPROCS 1, 2, 4, … up
to the CPUs of this machine, and prints a Markdown table of the medians. With
--svg it also draws the curves. It grades nothing: the figures are for the
course's docs (docs/performance.md). Run it on a quiet machine.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := setUp(cmd.Context(), *common, args, sandboxIfAvailable, stderr)
			if err != nil {
				return err
			}
			defer env.cleanUp()
			var curves []curve.Curve
			for _, k := range env.katas {
				if !k.Uses(catalog.Speedup) {
					if len(args) > 0 {
						fmt.Fprintf(stderr, "curve: %s has no speedup test; skipped\n", k.ID)
					}
					continue
				}
				source := filepath.Join(env.opts.ModuleDir, k.SolutionPath())
				if mutant != "" {
					source = filepath.Join(env.opts.ModuleDir, k.MutantPath(mutant))
				}
				fmt.Fprintf(stderr, "measuring %s ... ", k.ID)
				c, err := curve.Measure(env.ctx, k, source, curve.Options{
					ModuleDir: env.opts.ModuleDir, WorkDir: env.opts.WorkDir, Timeout: common.speedupTimeout,
				})
				if err != nil {
					fmt.Fprintln(stderr, "failed")
					return &shortfall{err}
				}
				fmt.Fprintf(stderr, "%.2fx on %d CPUs\n", c.Speedup(len(c.Points)-1), c.Points[len(c.Points)-1].CPUs)
				curves = append(curves, c)
			}
			if len(curves) == 0 {
				return fmt.Errorf("curve: none of the katas named has a speedup test")
			}
			if err := curve.WriteTable(stdout, curves); err != nil {
				return err
			}
			if svg == "" {
				return nil
			}
			if title == "" {
				title = fmt.Sprintf("Speedup of the reference solutions on %d CPUs (%s/%s)", runtime.NumCPU(), runtime.GOOS, runtime.GOARCH)
			}
			return writeFile(svg, func(w io.Writer) error { return curve.WriteSVG(w, title, curves) })
		},
	}
	cmd.Flags().StringVar(&svg, "svg", "", "also draw the curves into this SVG file")
	cmd.Flags().StringVar(&title, "title", "", "the chart's title (default: the machine's CPUs, OS and architecture)")
	cmd.Flags().StringVar(&mutant, "mutant", "", "measure solutions/NN-name/mutants/`KIND` instead of the reference solution")
	return cmd
}
