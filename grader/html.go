package main

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io"
	"runtime"
	"strings"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/report"
	"github.com/deli-katas/deli/grader/internal/tracing"
)

// writeHTMLReport writes doc to path as the HTML report, with the timeline of
// every kata whose correctness tests passed and whose suite has a workload:
// a trace of that workload against the same code, made now. A kata that
// cannot be traced gets no picture, and stderr says why; the report is
// written all the same.
func writeHTMLReport(env *environment, path string, doc report.Document, code codeSource, stderr io.Writer) error {
	pictures := map[string]report.Picture{}
	for _, r := range doc.Katas {
		k, ok := catalog.Lookup(r.ID)
		correct := r.Dim(catalog.Correctness)
		if !ok || r.Status != report.Graded || correct == nil || correct.Status != report.Pass || env.ctx.Err() != nil {
			continue
		}
		fmt.Fprintf(stderr, "tracing %s for the HTML report ... ", k.ID)
		pic, err := picture(env, k, code)
		switch {
		case err == nil:
			pictures[k.ID] = pic
			fmt.Fprintln(stderr, "done")
		case errors.Is(err, tracing.ErrNoWorkload):
			fmt.Fprintln(stderr, "no workload to trace")
		default:
			fmt.Fprintf(stderr, "no picture: %v\n", err)
		}
	}
	if err := writeFile(path, func(w io.Writer) error { return report.WriteHTML(w, doc, pictures) }); err != nil {
		return fmt.Errorf("--html: %w", err)
	}
	return nil
}

// picture traces k's workload against code and draws it.
func picture(env *environment, k catalog.Kata, code codeSource) (report.Picture, error) {
	t, err := traceKata(env, k, code)
	if err != nil {
		return report.Picture{}, err
	}
	var svg bytes.Buffer
	title := fmt.Sprintf("%s · %d registers (%s/%s)", k.ID, t.Procs, runtime.GOOS, runtime.GOARCH)
	if err := t.timeline.WriteSVG(&svg, title); err != nil {
		return report.Picture{}, err
	}
	command := "grader trace " + k.ID
	if code.solutions {
		command = "grader trace --solutions " + k.ID
	}
	return report.Picture{SVG: template.HTML(svg.String()), Caption: t.caption(), Command: command}, nil
}

// caption sums up a traced workload in one line.
func (t traced) caption() string {
	parts := []string{
		fmt.Sprintf("parallelism %.2f", t.Parallelism),
		fmt.Sprintf("at most %d goroutine%s alive", t.Goroutines, map[bool]string{true: "s"}[t.Goroutines != 1]),
		fmt.Sprintf("%d registers", t.Procs),
	}
	switch {
	case t.SpeedupNotMeasurable:
		parts = append(parts, "speedup not measurable here (the machine was busy)")
	case t.Speedup > 0:
		parts = append(parts, fmt.Sprintf("speedup %.2fx untraced", t.Speedup))
	}
	parts = append(parts, fmt.Sprintf("tracing cost %+.0f%%", 100*t.Overhead))
	return strings.Join(parts, " · ")
}
