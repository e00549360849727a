package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/internal/report"
)

func newMergeCommand(stdout io.Writer) *cobra.Command {
	var f batchFlags
	cmd := &cobra.Command{
		Use:   "merge [flags] SHARD.json...",
		Short: "Join the results of a batch graded in shards into one",
		Long: `merge reads the --json outputs of "grader batch --shard K/N", one per shard, and
writes the results one unsharded batch would have written: the same table, the
same JSON (but for the time each kata took) and, with --csv, the same CSV, byte
for byte. Every shard of the batch must be given, each once, all grading the
same katas.
Exit status: 0 when merged, 2 when the shards do not make one batch.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			doc, err := mergeShards(args)
			if err != nil {
				return err
			}
			return writeBatch(doc, f, stdout)
		},
	}
	cmd.Flags().BoolVar(&f.asJSON, "json", false, "write the merged results as JSON (schema "+BatchSchema+")")
	cmd.Flags().StringVar(&f.csvPath, "csv", "", "also write the points as CSV to this file")
	return cmd
}

// mergeShards joins the shard results in paths into one batch.
func mergeShards(paths []string) (BatchDocument, error) {
	var merged BatchDocument
	seen := map[int]string{} // shard K -> its file
	byIndex := map[int]string{}
	n := 0
	for _, path := range paths {
		doc, err := readBatch(path)
		if err != nil {
			return merged, err
		}
		if doc.Shard == nil {
			return merged, fmt.Errorf("%s is not a shard's results (it has no \"shard\"): give the --json of grader batch --shard K/N", path)
		}
		switch {
		case n == 0:
			n = doc.Shard.N
			merged = BatchDocument{Schema: BatchSchema, Katas: doc.Katas}
		case doc.Shard.N != n:
			return merged, fmt.Errorf("%s is shard %s, but the first shard was of %d", path, doc.Shard, n)
		case !slices.Equal(doc.Katas, merged.Katas):
			return merged, fmt.Errorf("%s graded katas %v, the first shard %v: grade every shard with the same --katas", path, doc.Katas, merged.Katas)
		}
		if other, ok := seen[doc.Shard.K]; ok {
			return merged, fmt.Errorf("%s and %s are both shard %s", other, path, doc.Shard)
		}
		seen[doc.Shard.K] = path
		for _, s := range doc.Submissions {
			if other, ok := byIndex[s.Index]; ok {
				return merged, fmt.Errorf("submission %d is in %s and in %s: were the shards given the same submissions?", s.Index, other, path)
			}
			byIndex[s.Index] = path
			merged.Submissions = append(merged.Submissions, s)
		}
	}
	var missing []string
	for k := 1; k <= n; k++ {
		if _, ok := seen[k]; !ok {
			missing = append(missing, fmt.Sprintf("%d/%d", k, n))
		}
	}
	if len(missing) > 0 {
		return merged, fmt.Errorf("shard %s missing: merge needs every shard's results", strings.Join(missing, ", "))
	}
	slices.SortFunc(merged.Submissions, func(a, b Submission) int { return a.Index - b.Index })
	return merged, nil
}

func newClassroomEnvCommand(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "classroom-env RESULT.json",
		Short: "Turn a --classroom result into the variables GitHub Classroom's reporter reads",
		Long: `classroom-env reads a result written with --classroom and prints, for $GITHUB_ENV,
one <RUNNER>_RESULTS=<base64> line per runner and DELI_RUNNERS=<runner ids>:

  grader classroom-env deli-classroom.json >> "$GITHUB_ENV"

and then classroom-resources/autograding-grading-reporter@v1 with
runners: ${{ env.DELI_RUNNERS }}. The tests are split into runners by their
points so that the reporter's table and the grade it records agree (docs/ci.md).`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			data, err := os.ReadFile(args[0])
			if err != nil {
				return err
			}
			var r report.ClassroomResult
			if err := json.Unmarshal(data, &r); err != nil || r.Version != 1 {
				return fmt.Errorf("%s is not a Classroom runner result written with --classroom", args[0])
			}
			return report.WriteClassroomEnv(stdout, r)
		},
	}
}
