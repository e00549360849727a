package main

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/report"
)

// BatchSchema names the version of batch's JSON document.
const BatchSchema = "deli-batch/v1"

// Submission is one student's graded work in a batch.
type Submission struct {
	Name     string          `json:"name"` // the submission folder's base name
	Dir      string          `json:"dir"`
	Document report.Document `json:"document"` // as `grader --json` would write it
}

// BatchDocument is batch's whole JSON output.
type BatchDocument struct {
	Schema      string       `json:"schema"`
	Katas       []string     `json:"katas"`
	Submissions []Submission `json:"submissions"`
}

func newBatchCommand(common *commonFlags, stdout, stderr io.Writer) *cobra.Command {
	var (
		katas       []string
		asJSON      bool
		csvPath     string
		journalPath string
		resume      bool
	)
	cmd := &cobra.Command{
		Use:   "batch [flags] SUBMISSION...",
		Short: "Grade a class: every submission's stubs against this repository's suites",
		Long: `batch grades many submissions, each a folder holding a student's copy of the
course (exercises/NN-name/name.go at least), such as the clones GitHub Classroom
hands out. For every kata, only the submission's stub file is taken: it is put in
place of this repository's stub through a build overlay, and this repository's
suites, grader and go.mod do the grading. A submission's edited tests, harness or
module file are never used. A stub left unchanged is "not started"; a missing one
is "missing". Submissions are graded one after another, and so is every speedup.

Each submission's results go to --journal as soon as it is graded: a batch that
is stopped (killed, a machine lost) keeps them, and the same command with
--resume grades only the submissions left. A completed batch removes its journal.

It prints one row per submission: points per kata, total and percentage. --csv
writes the points as a spreadsheet (0 for a kata not started, missing or not
building); --json writes every submission's full results.
Exit status: 0 when every submission was graded, 2 when the grader could not run.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := setUp(cmd.Context(), *common, katas, sandboxRequired, stderr)
			if err != nil {
				return err
			}
			defer env.cleanUp()
			for _, dir := range args {
				if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
					return &exitError{exitUsage, fmt.Errorf("submission %s is not a folder", dir)}
				}
			}
			doc := BatchDocument{Schema: BatchSchema}
			for _, k := range env.katas {
				doc.Katas = append(doc.Katas, k.ID)
			}
			j, err := openJournal(journalPath, doc.Katas, resume)
			if err != nil {
				return &exitError{exitUsage, err}
			}
			for _, dir := range args {
				abs, err := filepath.Abs(dir)
				if err != nil {
					j.Finish(false)
					return &exitError{exitUsage, err}
				}
				s, ok := j.Graded(abs)
				if ok {
					fmt.Fprintf(stderr, "%s: graded before, kept from the journal\n", s.Name)
				} else {
					if s, err = gradeSubmission(env, abs, stderr); err != nil {
						j.Finish(false)
						return err
					}
					if err := j.Record(s); err != nil {
						j.Finish(false)
						return &exitError{exitUsage, err}
					}
				}
				doc.Submissions = append(doc.Submissions, s)
			}
			if csvPath != "" {
				if err := writeFile(csvPath, func(w io.Writer) error { return writeBatchCSV(w, doc) }); err != nil {
					return &exitError{exitUsage, fmt.Errorf("--csv: %w", err)}
				}
			}
			if asJSON {
				enc := json.NewEncoder(stdout)
				enc.SetIndent("", "  ")
				err = enc.Encode(doc)
			} else {
				err = writeBatchTable(stdout, doc)
			}
			if err != nil {
				j.Finish(false)
				return &exitError{exitUsage, err}
			}
			if err := j.Finish(true); err != nil {
				return &exitError{exitUsage, fmt.Errorf("closing the batch journal: %w", err)}
			}
			return nil
		},
	}
	cmd.Flags().StringSliceVar(&katas, "katas", nil, "grade only these katas, by id or number (08-primes,9); all of them by default")
	cmd.Flags().BoolVar(&asJSON, "json", false, "write every submission's full results as JSON (schema "+BatchSchema+") instead of a table")
	cmd.Flags().StringVar(&csvPath, "csv", "", "also write the points to this file as CSV: a row per submission, a column per kata")
	cmd.Flags().StringVar(&journalPath, "journal", "deli-batch.journal", "keep each submission's results in this file as soon as it is graded (removed when the batch completes)")
	cmd.Flags().BoolVar(&resume, "resume", false, "finish a batch that was stopped: take the submissions its --journal holds, grade the rest")
	return cmd
}

// gradeSubmission grades every selected kata of the submission in dir.
func gradeSubmission(env *environment, abs string, stderr io.Writer) (Submission, error) {
	opts := env.opts
	opts.Stub = func(k catalog.Kata) string { return filepath.Join(abs, "exercises", k.ID, k.StubFile()) }
	// Each submission is snapshotted and built in a scratch folder of its
	// own, removed once it is graded.
	work, err := os.MkdirTemp(env.opts.WorkDir, "submission-")
	if err != nil {
		return Submission{}, fmt.Errorf("cannot make a scratch folder for %s: %w", abs, err)
	}
	defer os.RemoveAll(work)
	opts.WorkDir = work
	doc, err := gradeKatas(env, opts, "exercises", filepath.Base(abs), stderr, nil)
	return Submission{Name: filepath.Base(abs), Dir: abs, Document: doc}, err
}

// kataCell is a kata's points as the batch table and CSV show them: the
// points, or what kept the kata from being graded.
func kataCell(k report.Kata) string {
	switch k.Status {
	case report.NotStarted:
		return "-"
	case report.Missing:
		return "missing"
	case report.CompileError:
		return "no build"
	case report.Refused:
		return "refused"
	}
	return strconv.Itoa(k.Points)
}

func writeBatchTable(w io.Writer, doc BatchDocument) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	header := append(append([]string{"submission"}, shortIDs(doc.Katas)...), "points", "%", "not measurable")
	fmt.Fprintln(tw, strings.Join(header, "\t"))
	for _, s := range doc.Submissions {
		row := []string{s.Name}
		for _, k := range s.Document.Katas {
			row = append(row, kataCell(k))
		}
		sum := s.Document.Summary
		row = append(row, fmt.Sprintf("%d/%d", sum.Points, sum.MaxPoints), strconv.Itoa(sum.Percent), strconv.Itoa(sum.NotMeasurable))
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\n- not started (stub unchanged); \"not measurable\": speedup points this machine could not judge (regrade them on a quiet machine).")
	return err
}

// shortIDs keeps the number of each kata id, for narrow table columns.
func shortIDs(ids []string) []string {
	short := make([]string, len(ids))
	for i, id := range ids {
		short[i], _, _ = strings.Cut(id, "-")
	}
	return short
}

func writeBatchCSV(w io.Writer, doc BatchDocument) error {
	cw := csv.NewWriter(w)
	header := append(append([]string{"submission"}, doc.Katas...), "points", "max_points", "percent", "not_measurable_points")
	if err := cw.Write(header); err != nil {
		return err
	}
	for _, s := range doc.Submissions {
		row := []string{s.Name}
		for _, k := range s.Document.Katas {
			row = append(row, strconv.Itoa(k.Points))
		}
		sum := s.Document.Summary
		row = append(row, strconv.Itoa(sum.Points), strconv.Itoa(sum.MaxPoints), strconv.Itoa(sum.Percent), strconv.Itoa(sum.NotMeasurable))
		if err := cw.Write(row); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}
