package main

import (
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/report"
)

// reportFiles are the files a grading writes its results to, beside the
// table or JSON on standard output, for the systems that show or record them.
type reportFiles struct {
	junit, classroom, gradescope, markdown string
}

func (r *reportFiles) register(cmd *cobra.Command, prefix string) {
	cmd.Flags().StringVar(&r.junit, "junit", "", prefix+"also write the results to this file as JUnit XML (a suite per kata, a case per dimension), for CI test reports")
	cmd.Flags().StringVar(&r.classroom, "classroom", "", prefix+"also write the results to this file as a GitHub Classroom runner result (see docs/ci.md)")
	cmd.Flags().StringVar(&r.gradescope, "gradescope", "", prefix+"also write the results to this file as Gradescope's results.json (see docs/ci.md)")
	cmd.Flags().StringVar(&r.markdown, "markdown", "", prefix+"also write the results to this file as Markdown, for a CI job's summary")
}

func (r reportFiles) empty() bool { return r == reportFiles{} }

// write writes doc to every file asked for, each whole or not at all.
func (r reportFiles) write(doc report.Document) error {
	for _, f := range []struct {
		flag, path string
		write      func(io.Writer, report.Document) error
	}{
		{"--junit", r.junit, report.WriteJUnit},
		{"--classroom", r.classroom, report.WriteClassroom},
		{"--gradescope", r.gradescope, report.WriteGradescope},
		{"--markdown", r.markdown, report.WriteMarkdown},
	} {
		if f.path == "" {
			continue
		}
		if err := writeFile(f.path, func(w io.Writer) error { return f.write(w, doc) }); err != nil {
			return fmt.Errorf("%s: %w", f.flag, err)
		}
	}
	return nil
}

// remeasure measures once more, with opts, each speedup of doc that was not
// measurable, and sums doc up again. label names whose work it is.
func remeasure(env *environment, opts grade.Options, doc *report.Document, label string, stderr io.Writer) {
	for i, r := range doc.Katas {
		d := r.Dim(catalog.Speedup)
		k, ok := catalog.Lookup(r.ID)
		if d == nil || d.Status != report.NotMeasurable || !ok || env.ctx.Err() != nil {
			continue
		}
		fmt.Fprintf(stderr, "measuring the speedup of %s %s again ... ", label, r.ID)
		doc.Katas[i] = grade.Remeasure(env.ctx, k, opts, r)
		fmt.Fprintf(stderr, "%s\n", doc.Katas[i].Dim(catalog.Speedup).Status)
	}
	doc.Summary = report.Summarise(doc.Katas)
}

// Shard is one of N slices of a batch's submissions: the K-th takes every
// N-th submission from the K-th on, in the order given (K counts from 1).
type Shard struct {
	K int `json:"k"`
	N int `json:"n"`
}

func (s *Shard) String() string { return fmt.Sprintf("%d/%d", s.K, s.N) }

// parseShard reads "K/N"; "" is no shard (nil).
func parseShard(text string) (*Shard, error) {
	if text == "" {
		return nil, nil
	}
	k, n, ok := strings.Cut(text, "/")
	kn, err1 := strconv.Atoi(k)
	nn, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || nn < 1 || kn < 1 || kn > nn {
		return nil, fmt.Errorf("--shard %q: want K/N with 1 <= K <= N, such as 2/3", text)
	}
	return &Shard{K: kn, N: nn}, nil
}

// Select returns the indexes, among total submissions, that the shard grades;
// a nil shard takes them all.
func (s *Shard) Select(total int) []int {
	var idx []int
	for i := range total {
		if s == nil || i%s.N == s.K-1 {
			idx = append(idx, i)
		}
	}
	return idx
}
