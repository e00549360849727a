// Package curve measures how a kata's reference solution speeds up with the
// number of CPUs, and draws the result as a table or an SVG chart. It drives
// the kata's own speedup test in the curve mode of katatest (see
// protocol.CurveEnv), so a curve times exactly the work the grader judges.
package curve

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/gotest"
	"github.com/deli-katas/deli/grader/protocol"
)

// Point is the speedup test's work timed at one CPU count.
type Point struct {
	CPUs    int
	Run     time.Duration // median time of the work at GOMAXPROCS=CPUs
	Seq     time.Duration // median time of the suite's sequential version on one CPU
	Machine float64       // the calibration kernel's speedup at CPUs
}

// Curve is one kata's points, fewest CPUs first.
type Curve struct {
	Kata   string
	Points []Point
}

// Speedup is the figure the grader would compute at point i: the faster of the
// work on one CPU and the sequential version, over the work on Points[i].CPUs.
func (c Curve) Speedup(i int) float64 {
	base := min(c.Points[0].Run, c.Points[0].Seq)
	return float64(base) / float64(c.Points[i].Run)
}

// Parse reads the points from the speedup test's verbose output.
func Parse(kata string, output []byte) (Curve, error) {
	c := Curve{Kata: kata}
	points, err := protocol.ParseCurve(string(output))
	if err != nil {
		return c, fmt.Errorf("%s: %w", kata, err)
	}
	for _, p := range points {
		c.Points = append(c.Points, Point(p))
	}
	if len(c.Points) == 0 || c.Points[0].CPUs != 1 {
		return c, fmt.Errorf("%s: the speedup test printed no curve starting at 1 CPU; its output:\n%s", kata, output)
	}
	return c, nil
}

// Options says where the repository is and how long a measurement may take.
type Options struct {
	ModuleDir string
	WorkDir   string        // scratch space for the test binary
	Timeout   time.Duration // for one kata's measurement
}

// Measure builds kata's suite against the file at source (a solution or a
// mutant) and measures its curve.
func Measure(ctx context.Context, k catalog.Kata, source string, opts Options) (Curve, error) {
	if !k.Uses(catalog.Speedup) {
		return Curve{}, fmt.Errorf("%s has no speedup test", k.ID)
	}
	pkg := k.ExerciseDir()
	bin := filepath.Join(opts.WorkDir, k.ID+".curve.test")
	src, err := filepath.Abs(source)
	if err != nil {
		return Curve{}, err
	}
	err = gotest.Build(ctx, gotest.BuildOptions{
		ModuleDir: opts.ModuleDir, Package: pkg, Out: bin,
		Overlay: map[string]string{filepath.Join(opts.ModuleDir, pkg, k.StubFile()): src},
	})
	if err != nil {
		return Curve{}, fmt.Errorf("%s: %w", k.ID, err)
	}
	ctx, cancel := context.WithTimeout(ctx, opts.Timeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-test.run", "^TestSpeedup", "-test.v", "-test.count=1")
	cmd.Dir = filepath.Join(opts.ModuleDir, pkg)
	cmd.Env = append(os.Environ(), protocol.CurveEnv+"=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		if ctx.Err() != nil {
			return Curve{}, fmt.Errorf("%s: the measurement took longer than %v", k.ID, opts.Timeout)
		}
		return Curve{}, fmt.Errorf("%s: the speedup test failed: %v\n%s", k.ID, err, out.Bytes())
	}
	return Parse(k.ID, out.Bytes())
}
