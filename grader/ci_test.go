package main

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/internal/report"
	"github.com/deli-katas/deli/grader/internal/sandbox"
)

// needSandbox skips a test that grades through batch where no sandbox can
// start, except under CI, where the sandbox is required.
func needSandbox(t *testing.T) {
	t.Helper()
	if _, err := sandbox.Detect(); err != nil {
		if inCI() {
			t.Fatalf("CI=true but the sandbox cannot start: %v", err)
		}
		t.Skipf("no sandbox here: %v", err)
	}
}

// runScript runs a script of scripts/ci with env added, and returns its exit status.
func runScript(t *testing.T, env []string, script string, args ...string) int {
	t.Helper()
	cmd := exec.Command(filepath.Join("..", "scripts", "ci", script), args...)
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		t.Logf("%s exited %d:\n%s", script, ee.ExitCode(), out)
		return ee.ExitCode()
	}
	require.NoError(t, err, "%s", out)
	return 0
}

func TestGradeSubmissionScriptFeedsEveryConsumer(t *testing.T) {
	if testing.Short() {
		t.Skip("grades a submission; -short skips it")
	}
	needSandbox(t)
	course, err := filepath.Abs("..")
	require.NoError(t, err)
	student := makeSubmission(t, t.TempDir(), "student", map[string]string{
		"exercises/01-sequential/sequential.go":      readRepoFile(t, "solutions/01-sequential/sequential.go"),
		"exercises/01-sequential/sequential_test.go": "package sequential\n", // never used
	})
	out := t.TempDir()
	ghEnv, summary := filepath.Join(out, "github-env"), filepath.Join(out, "step-summary")
	env := []string{"GITHUB_ENV=" + ghEnv, "GITHUB_STEP_SUMMARY=" + summary}

	require.Equal(t, 0, runScript(t, env, "grade-submission.sh", course, student, filepath.Join(out, "results")))

	data, err := os.ReadFile(filepath.Join(out, "results", "batch.json"))
	require.NoError(t, err)
	var doc BatchDocument
	require.NoError(t, json.Unmarshal(data, &doc))
	require.Len(t, doc.Submissions, 1)
	got := doc.Submissions[0].Document
	assert.Equal(t, 10, got.Summary.Points, "01 solved, every other kata not started")
	assert.FileExists(t, filepath.Join(out, "results", "junit.xml"))

	md, err := os.ReadFile(summary)
	require.NoError(t, err)
	assert.Contains(t, string(md), "## Deli: 10 of ")

	// The reporter's grade, from the variables it reads, is Deli's total.
	f, err := os.Open(ghEnv)
	require.NoError(t, err)
	defer f.Close()
	vars := map[string]string{}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		name, value, _ := strings.Cut(sc.Text(), "=")
		vars[name] = value
	}
	points, max := 0, 0
	for _, id := range strings.Split(vars["DELI_RUNNERS"], ",") {
		raw, err := base64.StdEncoding.DecodeString(vars[strings.ToUpper(id)+"_RESULTS"])
		require.NoError(t, err, id)
		var r report.ClassroomResult
		require.NoError(t, json.Unmarshal(raw, &r))
		max += r.MaxScore
		for _, test := range r.Tests {
			points += test.Score
		}
	}
	assert.Equal(t, got.Summary.Points, points)
	assert.Equal(t, got.Summary.MaxPoints, max)

	// The same submission fails a job that asks for half the points.
	assert.Equal(t, 1, runScript(t, append(env, "DELI_MIN_SCORE=50"), "grade-submission.sh", course, student, filepath.Join(out, "again")))
}

func TestFetchRosterClonesEveryStudentAndMarksTheMissing(t *testing.T) {
	base := t.TempDir()
	for _, repo := range []string{"class/alice", "class/bob"} {
		dir := filepath.Join(base, repo+".git")
		require.NoError(t, os.MkdirAll(dir, 0o755))
		for _, args := range [][]string{
			{"init", "-q", "-b", "main"},
			{"-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "--allow-empty", "-m", "start"},
		} {
			out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
			require.NoError(t, err, "%s", out)
		}
	}
	roster := filepath.Join(t.TempDir(), "roster.txt")
	require.NoError(t, os.WriteFile(roster, []byte("# the class\nclass/alice\n  class/bob  # late\nclass/carol\nnot a repo\n"), 0o644))
	dest := filepath.Join(t.TempDir(), "submissions")

	require.Equal(t, 0, runScript(t, []string{"DELI_GIT_BASE=file://" + base}, "fetch-roster.sh", roster, dest))
	entries, err := os.ReadDir(dest)
	require.NoError(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	assert.Equal(t, []string{"alice", "bob", "carol"}, names, "one folder per student listed, a missing one included")
	assert.DirExists(t, filepath.Join(dest, "alice", ".git"))
	empty, err := os.ReadDir(filepath.Join(dest, "carol"))
	require.NoError(t, err)
	assert.Empty(t, empty, "a repository that cannot be cloned is an empty folder: graded as missing")
}
