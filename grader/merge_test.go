package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// buildGrader builds this command into a temporary folder and returns its path.
func buildGrader(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "grader")
	out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput()
	require.NoError(t, err, "%s", out)
	return bin
}

// class makes submissions of kata 01 in each state a gradebook shows.
func class(t *testing.T) []string {
	t.Helper()
	root := t.TempDir()
	const stub = "exercises/01-sequential/sequential.go"
	return []string{
		makeSubmission(t, root, "alice", map[string]string{stub: readRepoFile(t, "solutions/01-sequential/sequential.go")}),
		makeSubmission(t, root, "bob", map[string]string{stub: readRepoFile(t, stub)}),
		makeSubmission(t, root, "carol", nil),
		makeSubmission(t, root, "dave", map[string]string{stub: "package sequential\n\nfunc broken( {\n"}),
		makeSubmission(t, root, "erin", map[string]string{stub: "package sequential\n\nimport \"os\"\n\nvar _ = os.Args\n"}),
		makeSubmission(t, root, "frank", map[string]string{stub: readRepoFile(t, "solutions/01-sequential/mutants/"+firstMutant(t, "01-sequential")+"/sequential.go")}),
		makeSubmission(t, root, "grace", nil),
	}
}

func firstMutant(t *testing.T, kata string) string {
	t.Helper()
	entries, err := os.ReadDir(filepath.Join("..", "solutions", kata, "mutants"))
	require.NoError(t, err)
	require.NotEmpty(t, entries)
	return entries[0].Name()
}

// withoutTimes drops what may differ between two gradings of the same code:
// the time each kata took, and the output of failing tests (a wrong
// concurrent program need not fail the same way twice).
func withoutTimes(t *testing.T, data []byte) BatchDocument {
	t.Helper()
	var doc BatchDocument
	require.NoError(t, json.Unmarshal(data, &doc))
	for i := range doc.Submissions {
		for j := range doc.Submissions[i].Document.Katas {
			k := &doc.Submissions[i].Document.Katas[j]
			k.Seconds = 0
			for d := range k.Dimensions {
				for t := range k.Dimensions[d].Tests {
					k.Dimensions[d].Tests[t].Output = ""
				}
			}
		}
	}
	return doc
}

func TestThreeShardsMergedEqualOneBatch(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a class twice; -short skips it")
	}
	bin := buildGrader(t)
	subs := class(t)
	work := t.TempDir()
	grader := func(args ...string) []byte {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"--dir", "..", "--unsandboxed"}, args...)...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		require.NoError(t, cmd.Run(), "grader %s\n%s", strings.Join(args, " "), stderr.String())
		return stdout.Bytes()
	}
	batch := func(name string, extra ...string) {
		args := append([]string{"batch", "--katas", "01", "--json", "--journal", filepath.Join(work, name+".journal")}, extra...)
		out := grader(append(args, subs...)...)
		require.NoError(t, os.WriteFile(filepath.Join(work, name+".json"), out, 0o644))
	}
	batch("whole", "--csv", filepath.Join(work, "whole.csv"))
	var shards []string
	for k := 1; k <= 3; k++ {
		name := fmt.Sprintf("shard%d", k)
		batch(name, "--shard", fmt.Sprintf("%d/3", k))
		shards = append(shards, filepath.Join(work, name+".json"))
	}
	merged := grader(append([]string{"merge", "--json", "--csv", filepath.Join(work, "merged.csv")}, shards...)...)

	wantCSV, err := os.ReadFile(filepath.Join(work, "whole.csv"))
	require.NoError(t, err)
	gotCSV, err := os.ReadFile(filepath.Join(work, "merged.csv"))
	require.NoError(t, err)
	assert.Equal(t, string(wantCSV), string(gotCSV), "the merged CSV is byte for byte the unsharded one")
	for _, cell := range []string{"alice,10,", "bob,not started,", "carol,missing,", "dave,no build,", "erin,refused,"} {
		assert.Contains(t, string(gotCSV), cell)
	}

	whole, err := os.ReadFile(filepath.Join(work, "whole.json"))
	require.NoError(t, err)
	if diff := cmp.Diff(withoutTimes(t, whole), withoutTimes(t, merged)); diff != "" {
		t.Errorf("merged JSON differs from the unsharded batch (-whole +merged):\n%s", diff)
	}
}

func TestMergeRefusesShardsThatDoNotMakeOneBatch(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, doc BatchDocument) string {
		doc.Schema = BatchSchema
		data, err := json.Marshal(doc)
		require.NoError(t, err)
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, data, 0o644))
		return path
	}
	one := write("one.json", BatchDocument{Shard: &Shard{K: 1, N: 2}, Katas: []string{"01-sequential"}, Submissions: []Submission{{Name: "a", Index: 0}}})
	two := write("two.json", BatchDocument{Shard: &Shard{K: 2, N: 2}, Katas: []string{"01-sequential"}, Submissions: []Submission{{Name: "b", Index: 1}}})
	other := write("other.json", BatchDocument{Shard: &Shard{K: 2, N: 2}, Katas: []string{"02-goroutines"}})
	whole := write("whole.json", BatchDocument{Katas: []string{"01-sequential"}})
	clash := write("clash.json", BatchDocument{Shard: &Shard{K: 2, N: 2}, Katas: []string{"01-sequential"}, Submissions: []Submission{{Name: "a", Index: 0}}})

	for _, c := range []struct {
		name  string
		paths []string
		want  string
	}{
		{"a shard missing", []string{one}, "shard 2/2 missing"},
		{"a shard twice", []string{one, two, two}, "are both shard 2/2"},
		{"different katas", []string{one, other}, "same --katas"},
		{"not a shard", []string{one, whole}, "not a shard's results"},
		{"a submission in two shards", []string{one, clash}, "submission 0 is in"},
	} {
		t.Run("refuses "+c.name, func(t *testing.T) {
			_, err := mergeShards(c.paths)
			assert.ErrorContains(t, err, c.want)
		})
	}
	doc, err := mergeShards([]string{two, one})
	require.NoError(t, err)
	assert.Equal(t, []string{"a", "b"}, []string{doc.Submissions[0].Name, doc.Submissions[1].Name}, "in the order given to the batch")
	assert.Nil(t, doc.Shard)
}

func TestShardsSplitSubmissionsStablyAndCompletely(t *testing.T) {
	seen := map[int]int{}
	for k := 1; k <= 3; k++ {
		s, err := parseShard(fmt.Sprintf("%d/3", k))
		require.NoError(t, err)
		for _, i := range s.Select(10) {
			seen[i]++
		}
		assert.Equal(t, s.Select(10), s.Select(10))
	}
	for i := range 10 {
		assert.Equal(t, 1, seen[i], "submission %d is in exactly one shard", i)
	}
	for _, bad := range []string{"0/3", "4/3", "3", "a/b", "1/0"} {
		_, err := parseShard(bad)
		assert.Error(t, err, bad)
	}
}

func TestTheBuiltGraderExitsWithTheDocumentedStatus(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the grader; -short skips it")
	}
	bin := buildGrader(t)
	for _, c := range []struct {
		name string
		args []string
		want int
	}{
		{"0 when the score reaches --min-score", []string{"--min-score", "0", "01"}, 0},
		{"1 when the score is below --min-score", []string{"--min-score", "50", "01"}, 1},
		{"2 when the flags are wrong", []string{"--min-score", "101"}, 2},
		{"2 when a kata does not exist", []string{"99"}, 2},
	} {
		t.Run(c.name, func(t *testing.T) {
			// The shipped stub of 01 is "not started": graded without compiling.
			cmd := exec.Command(bin, append([]string{"--dir", "..", "--unsandboxed", "--no-history"}, c.args...)...)
			err := cmd.Run()
			code := 0
			var ee *exec.ExitError
			if errors.As(err, &ee) {
				code = ee.ExitCode()
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, c.want, code)
		})
	}
}
