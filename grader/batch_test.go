package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/internal/report"
)

// makeSubmission makes a submission folder holding the given files, by path
// inside the course, each copied from this repository or given as text.
func makeSubmission(t *testing.T, root, name string, files map[string]string) string {
	t.Helper()
	dir := filepath.Join(root, name)
	require.NoError(t, os.MkdirAll(dir, 0o755))
	for path, content := range files {
		full := filepath.Join(dir, path)
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		require.NoError(t, os.WriteFile(full, []byte(content), 0o644))
	}
	return dir
}

func readRepoFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", path))
	require.NoError(t, err)
	return string(b)
}

func TestRunBatchGradesOnlyEachSubmissionsStub(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a kata for three submissions; -short skips it")
	}
	root := t.TempDir()
	const stub = "exercises/01-sequential/sequential.go"
	const suite = "exercises/01-sequential/sequential_test.go"
	solved := makeSubmission(t, root, "alice", map[string]string{stub: readRepoFile(t, "solutions/01-sequential/sequential.go")})
	cheater := makeSubmission(t, root, "mallory", map[string]string{
		stub:  readRepoFile(t, stub) + "\n// edited, still the stub's panics\n",
		suite: "package sequential\n\nimport \"testing\"\n\nfunc TestCorrectEverything(t *testing.T) {}\n",
	})
	unchanged := makeSubmission(t, root, "bob", map[string]string{stub: readRepoFile(t, stub)})
	empty := makeSubmission(t, root, "nobody", nil)
	csvPath := filepath.Join(root, "grades.csv")

	var out, errOut bytes.Buffer
	err := run([]string{"batch", "--katas", "01", "--journal", filepath.Join(root, "journal"), "--csv", csvPath, solved, cheater, unchanged, empty}, &out, &errOut)
	require.NoError(t, err, errOut.String())

	rows := map[string][]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			rows[f[0]] = f
		}
	}
	require.Contains(t, rows, "submission", out.String())
	assert.Equal(t, []string{"alice", "10", "10/10", "100", "0"}, rows["alice"], "a solved kata earns its points")
	assert.Equal(t, []string{"mallory", "0", "0/10", "0", "0"}, rows["mallory"],
		"the course's suite grades the stub, not the test file the submission carries")
	assert.Equal(t, []string{"bob", "-", "0/10", "0", "0"}, rows["bob"], "an unchanged stub is not started")
	assert.Equal(t, []string{"nobody", "missing", "0/10", "0", "0"}, rows["nobody"])

	f, err := os.Open(csvPath)
	require.NoError(t, err)
	defer f.Close()
	records, err := csv.NewReader(f).ReadAll()
	require.NoError(t, err)
	assert.Equal(t, [][]string{
		{"submission", "01-sequential", "points", "max_points", "percent", "not_measurable_points"},
		{"alice", "10", "10", "10", "100", "0"},
		{"mallory", "0", "0", "10", "0", "0"},
		{"bob", "not started", "0", "10", "0", "0"},
		{"nobody", "missing", "0", "10", "0", "0"},
	}, records)
}

func TestRunBatchRefusesWhatIsNotAFolder(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run([]string{"batch", filepath.Join(t.TempDir(), "no-such-submission")}, &out, &errOut)
	require.Error(t, err)
	assert.Equal(t, exitUsage, exitCode(err))
	assert.Contains(t, err.Error(), "is not a folder")
}

func TestRunBatchResumesFromItsJournal(t *testing.T) {
	root := t.TempDir()
	alice := makeSubmission(t, root, "alice", nil)
	bob := makeSubmission(t, root, "bob", nil)
	path := filepath.Join(root, "journal")

	// A batch killed after alice: her results are in the journal. The
	// points below are ones grading could not give her, so a test can
	// tell they were kept rather than graded again.
	j, err := openJournal(path, []string{"01-sequential"}, false)
	require.NoError(t, err)
	kept := Submission{Name: "alice", Dir: alice}
	kept.Document.Katas = []report.KataResult{{ID: "01-sequential", Status: report.Graded, Points: 7, MaxPoints: 10}}
	kept.Document.Summary = report.Summarise(kept.Document.Katas)
	require.NoError(t, j.Record(kept))
	require.NoError(t, j.Finish(false))

	var out, errOut bytes.Buffer
	err = run([]string{"batch", "--katas", "01", "--journal", path, alice, bob}, &out, &errOut)
	require.Error(t, err, "an earlier batch's journal is never overwritten")
	assert.Equal(t, exitUsage, exitCode(err))
	assert.Contains(t, err.Error(), "--resume")

	out.Reset()
	require.NoError(t, run([]string{"batch", "--katas", "01", "--journal", path, "--resume", alice, bob}, &out, &errOut), errOut.String())
	rows := map[string][]string{}
	for _, line := range strings.Split(out.String(), "\n") {
		if f := strings.Fields(line); len(f) > 0 {
			rows[f[0]] = f
		}
	}
	assert.Equal(t, []string{"alice", "7", "7/10", "70", "0"}, rows["alice"], "alice's results come from the journal")
	assert.Contains(t, errOut.String(), "alice: graded before")
	assert.Equal(t, []string{"bob", "missing", "0/10", "0", "0"}, rows["bob"], "bob is graded")
	assert.NoFileExists(t, path, "a completed batch removes its journal")
}

func TestJournalKeepsEachSubmissionAsItIsGraded(t *testing.T) {
	path := filepath.Join(t.TempDir(), "journal")
	j, err := openJournal(path, []string{"01-sequential"}, false)
	require.NoError(t, err)
	require.NoError(t, j.Record(Submission{Name: "a", Dir: "/a"}))
	// Not closed: as if the grader were killed here.
	again, err := openJournal(path, []string{"01-sequential"}, true)
	require.NoError(t, err)
	_, ok := again.Graded("/a")
	assert.True(t, ok, "a submission recorded before a kill is kept")
	_, err = openJournal(path, []string{"02-goroutines"}, true)
	assert.ErrorContains(t, err, "same --katas")
}
