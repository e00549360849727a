package main

import (
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
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
	Name     string          `json:"name"`     // the submission folder's base name
	Dir      string          `json:"dir"`      // the folder, as the grading machine saw it
	Index    int             `json:"index"`    // its place among the batch's submissions, from 0, sharded or not
	Document report.Document `json:"document"` // as `grader --json` would write it
}

// BatchDocument is batch's whole JSON output.
type BatchDocument struct {
	Schema      string       `json:"schema"`
	Shard       *Shard       `json:"shard,omitempty"` // set when this is one shard of a batch
	Katas       []string     `json:"katas"`
	Submissions []Submission `json:"submissions"` // in the order given, by Index
}

// batchFlags are batch's own flags.
type batchFlags struct {
	katas       []string
	asJSON      bool
	csvPath     string
	journalPath string
	resume      bool
	shard       string
	remeasure   string
	minScore    int
	files       reportFiles
}

func newBatchCommand(common *commonFlags, stdout, stderr io.Writer) *cobra.Command {
	var f batchFlags
	cmd := &cobra.Command{
		Use:   "batch [flags] SUBMISSION...",
		Short: "Grade a class: every submission's stubs against this repository's suites",
		Long: `batch grades many submissions, each a folder holding a student's copy of the
course (exercises/NN-name/name.go at least), such as the clones GitHub Classroom
hands out. For every kata, only the submission's stub file is taken: it is put in
place of this repository's stub through a build overlay, and this repository's
suites, grader and go.mod do the grading. A submission's edited tests, harness or
module file are never used. A stub left unchanged is "not started"; a missing one
is "missing". Submissions are graded one after another, and so is every speedup;
a speedup the machine could not measure is measured once more after the
submission's last kata.

Each submission's results go to --journal as soon as it is graded: a batch that
is stopped (killed, a machine lost) keeps them, and the same command with
--resume grades only the submissions left. A completed batch removes its journal.

--shard K/N grades only the K-th of N slices of the submissions (every N-th one,
from the K-th, in the order given): run the N shards on N machines with the same
submission list, then join their --json outputs with "grader merge".
--remeasure RESULTS.json grades nothing new: it measures again, on this machine,
the speedups that RESULTS.json (a batch's --json) left "not measured", for the
submissions whose code is unchanged, and writes the results as batch would.

It prints one row per submission: points per kata, total and percentage. --csv
writes them as a spreadsheet; --json writes every submission's full results.
With one submission, --junit, --classroom, --gradescope and --markdown write its results
in those formats, as the grader's own flags do.
Exit status: 0 when every submission was graded (and reached --min-score), 1 when
one is below --min-score, 2 when the grader could not run.`,
		Args: func(cmd *cobra.Command, args []string) error {
			if f.remeasure == "" && len(args) == 0 {
				return errors.New("name at least one submission folder")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runBatch(cmd, *common, f, args, stdout, stderr)
		},
	}
	cmd.Flags().StringSliceVar(&f.katas, "katas", nil, "grade only these katas (ids or numbers, comma-separated)")
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "write every submission's results as JSON (schema "+BatchSchema+")")
	cmd.Flags().StringVar(&f.csvPath, "csv", "", "also write the points as CSV to this file")
	cmd.Flags().StringVar(&f.journalPath, "journal", "deli-batch.journal", "keep each submission's results in this file as soon as it is graded (removed when the batch completes)")
	cmd.Flags().BoolVar(&f.resume, "resume", false, "finish a batch that was stopped: take the submissions its --journal holds, grade the rest")
	cmd.Flags().StringVar(&f.shard, "shard", "", "grade only slice K of N of the submissions (K/N, from 1/N to N/N)")
	cmd.Flags().StringVar(&f.remeasure, "remeasure", "", "measure again the speedups this batch's JSON results left not measured")
	cmd.Flags().IntVar(&f.minScore, "min-score", 0, "exit with status 1 when a submission's score is below this percentage")
	f.files.register(cmd, "with a single submission: ")
	return cmd
}

func runBatch(cmd *cobra.Command, common commonFlags, f batchFlags, args []string, stdout, stderr io.Writer) error {
	shard, err := parseShard(f.shard)
	if err != nil {
		return err
	}
	if f.minScore < 0 || f.minScore > 100 {
		return fmt.Errorf("--min-score %d: want a percentage from 0 to 100", f.minScore)
	}
	var previous *BatchDocument
	if f.remeasure != "" {
		if previous, err = readBatch(f.remeasure); err != nil {
			return fmt.Errorf("--remeasure: %w", err)
		}
		f.katas = previous.Katas
	}
	env, err := setUp(cmd.Context(), common, f.katas, sandboxRequired, stderr)
	if err != nil {
		return err
	}
	defer env.cleanUp()
	doc := BatchDocument{Schema: BatchSchema}
	for _, k := range env.katas {
		doc.Katas = append(doc.Katas, k.ID)
	}
	if previous != nil {
		doc.Shard = previous.Shard
		for _, s := range previous.Submissions {
			s.Document = remeasureSubmission(env, s, stderr)
			doc.Submissions = append(doc.Submissions, s)
		}
		if err := writeBatch(doc, f, stdout); err != nil {
			return err
		}
		return belowMinimum(doc, f.minScore)
	}
	for _, dir := range args {
		if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
			return fmt.Errorf("submission %s is not a folder", dir)
		}
	}
	if shard != nil {
		doc.Shard = shard
	}
	mine := shard.Select(len(args))
	if !f.files.empty() && len(mine) != 1 {
		return fmt.Errorf("--junit, --classroom, --gradescope and --markdown need exactly one submission, not %d", len(mine))
	}
	j, err := openJournal(f.journalPath, doc.Katas, f.resume)
	if err != nil {
		return err
	}
	if doc.Submissions, err = gradeSubmissions(env, j, args, mine, stderr); err != nil {
		j.Finish(false)
		return err
	}
	if err := writeBatch(doc, f, stdout); err != nil {
		j.Finish(false)
		return err
	}
	if err := j.Finish(true); err != nil {
		return err
	}
	return belowMinimum(doc, f.minScore)
}

// gradeSubmissions grades the submissions of args at the indexes mine, in
// that order, taking those the journal holds from it and recording the others
// in it as each is graded.
func gradeSubmissions(env *environment, j *journal, args []string, mine []int, stderr io.Writer) ([]Submission, error) {
	var subs []Submission
	for _, i := range mine {
		abs, err := filepath.Abs(args[i])
		if err != nil {
			return nil, err
		}
		s, ok := j.Graded(abs)
		if ok {
			fmt.Fprintf(stderr, "%s: graded before, kept from the journal\n", s.Name)
		} else {
			if s, err = gradeSubmission(env, abs, stderr); err != nil {
				return nil, err
			}
			s.Index = i
			if err := j.Record(s); err != nil {
				return nil, err
			}
		}
		subs = append(subs, s)
	}
	return subs, nil
}

// writeBatch writes a batch's results as its flags ask.
func writeBatch(doc BatchDocument, f batchFlags, stdout io.Writer) error {
	if f.csvPath != "" {
		if err := writeFile(f.csvPath, func(w io.Writer) error { return writeBatchCSV(w, doc) }); err != nil {
			return fmt.Errorf("--csv: %w", err)
		}
	}
	if len(doc.Submissions) == 1 {
		if err := f.files.write(doc.Submissions[0].Document); err != nil {
			return err
		}
	}
	var err error
	if f.asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(doc)
	} else {
		err = writeBatchTable(stdout, doc)
	}
	if err != nil {
		return err
	}
	return nil
}

// belowMinimum returns the error for submissions whose score is below min.
func belowMinimum(doc BatchDocument, min int) error {
	var below []string
	for _, s := range doc.Submissions {
		if s.Document.Summary.Percent < min {
			below = append(below, fmt.Sprintf("%s (%d%%)", s.Name, s.Document.Summary.Percent))
		}
	}
	if len(below) == 0 {
		return nil
	}
	return &shortfall{fmt.Errorf("below --min-score %d%%: %s", min, strings.Join(below, ", "))}
}

// readBatch reads a batch's --json output.
func readBatch(path string) (*BatchDocument, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var doc BatchDocument
	if err := json.Unmarshal(data, &doc); err != nil || doc.Schema != BatchSchema {
		return nil, fmt.Errorf("%s is not the JSON of grader batch (schema %s)", path, BatchSchema)
	}
	return &doc, nil
}

// remeasureSubmission measures again each speedup s left not measured.
func remeasureSubmission(env *environment, s Submission, stderr io.Writer) report.Document {
	opts := env.opts
	opts.Stub = func(k catalog.Kata) string { return filepath.Join(s.Dir, k.StubPath()) }
	doc := s.Document
	doc.Katas = slices.Clone(doc.Katas)
	remeasure(env, opts, &doc, s.Name, stderr)
	return doc
}

// gradeSubmission grades every selected kata of the submission in dir.
func gradeSubmission(env *environment, abs string, stderr io.Writer) (Submission, error) {
	opts := env.opts
	opts.Stub = func(k catalog.Kata) string { return filepath.Join(abs, k.StubPath()) }
	// Each submission is snapshotted and built in a scratch folder of its
	// own, removed once it is graded.
	work, err := os.MkdirTemp(env.opts.WorkDir, "submission-")
	if err != nil {
		return Submission{}, fmt.Errorf("cannot make a scratch folder for %s: %w", abs, err)
	}
	defer os.RemoveAll(work)
	opts.WorkDir = work
	doc, err := gradeKatas(env, opts, "exercises", filepath.Base(abs), stderr, nil)
	if err == nil {
		remeasure(env, opts, &doc, filepath.Base(abs), stderr)
	}
	return Submission{Name: filepath.Base(abs), Dir: abs, Document: doc}, err
}

// kataCell is a kata's points as the batch table and CSV show them: the
// points, "+n/m" after them when some could not be measured, or what kept
// the kata from being graded.
func kataCell(k report.KataResult, notStarted string) string {
	switch k.Status {
	case report.NotStarted:
		return notStarted
	case report.Missing:
		return "missing"
	case report.CompileError:
		return "no build"
	case report.Refused:
		return "refused"
	}
	if d := k.Dim(catalog.Speedup); d != nil && d.Status == report.NotMeasurable {
		return strconv.Itoa(k.Points) + "+n/m"
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
			row = append(row, kataCell(k, "-"))
		}
		sum := s.Document.Summary
		row = append(row, fmt.Sprintf("%d/%d", sum.Points, sum.MaxPoints), strconv.Itoa(sum.Percent), strconv.Itoa(sum.NotMeasurable))
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintln(w, "\n- not started (stub unchanged); +n/m and \"not measurable\": speedup points not measured, "+
		"neither earned nor lost (grader batch --remeasure measures them again).")
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
			row = append(row, kataCell(k, "not started"))
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
