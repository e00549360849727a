package mutate

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/gotest"
	"github.com/deli-katas/deli/grader/internal/grade"
)

// fakeRun is a run of tests TestA and TestB with the given outcomes.
func fakeRun(a, b *gotest.TestResult) *gotest.Run {
	a.Name, b.Name = "TestA", "TestB"
	return &gotest.Run{Tests: map[string]*gotest.TestResult{"TestA": a, "TestB": b}}
}

func TestJudgeRun(t *testing.T) {
	pass := func() *gotest.TestResult { return &gotest.TestResult{Status: gotest.Passed} }
	base := map[string]gotest.Status{"TestA": gotest.Passed, "TestB": gotest.Skipped}
	cases := []struct {
		name   string
		run    *gotest.Run
		status Status
		dim    catalog.Dimension
		test   string
		detail string
	}{
		{name: "every test passing is a survivor", run: fakeRun(pass(), pass()), status: Survived},
		{name: "a test that skipped on the solution too may skip",
			run: fakeRun(pass(), &gotest.TestResult{Status: gotest.Skipped}), status: Survived},
		{name: "a failed test kills, with testify's message",
			run: fakeRun(pass(), &gotest.TestResult{Status: gotest.Failed, Output: []string{
				"x_test.go:12: ", "Error Trace:	/x/x_test.go:12", "Error:      	Not equal:", "Messages:   	took 5s, want 3s"}}),
			status: Killed, dim: catalog.Timing, test: "TestB", detail: "failed: x_test.go:12: took 5s, want 3s"},
		{name: "a skip where the solution passed kills",
			run:    fakeRun(&gotest.TestResult{Status: gotest.Skipped, Output: []string{"x_test.go:3: no"}}, pass()),
			status: Killed, dim: catalog.Timing, test: "TestA", detail: "skip: x_test.go:3: no"},
		{name: "a race report kills, whatever the test's status, and names the code",
			run: fakeRun(pass(), &gotest.TestResult{Status: gotest.Passed, Race: true, Output: []string{
				"WARNING: DATA RACE", "Write at 0x00c by goroutine 7:", "  runtime.mapassign()", "      /go/src/runtime/map.go:10 +0x1",
				"  example/exercises/03-mutex.(*Ledger).open()", "      /repo/exercises/03-mutex/mutex.go:47 +0x2"}}),
			status: Killed, dim: Race, test: "TestB", detail: "data race at mutex.go:47"},
		{name: "a test that did not finish kills",
			run:    fakeRun(&gotest.TestResult{Status: gotest.Hung, Output: []string{"panic: the synctest bubble is stuck"}}, pass()),
			status: Killed, dim: catalog.Timing, test: "TestA", detail: "did not finish: panic: the synctest bubble is stuck"},
		{name: "a hang stopped by the test binary's own time limit is a time-out",
			run:    fakeRun(&gotest.TestResult{Status: gotest.Hung, Output: []string{"panic: test timed out after 9s"}}, &gotest.TestResult{Status: gotest.NotRun}),
			status: TimedOut, dim: catalog.Timing, test: "TestA", detail: "stopped at the run's time limit"},
		{name: "a run killed at its deadline is a time-out of the test that was running",
			run: func() *gotest.Run {
				r := fakeRun(&gotest.TestResult{Status: gotest.Hung}, &gotest.TestResult{Status: gotest.NotRun})
				r.TimedOut = true
				return r
			}(),
			status: TimedOut, dim: catalog.Timing, test: "TestA", detail: "stopped at the run's time limit"},
		{name: "a race reported after the tests ended kills",
			run: func() *gotest.Run {
				r := fakeRun(pass(), pass())
				r.ExitCode, r.Output = 66, []string{"WARNING: DATA RACE", "Read at 0x1 by goroutine 9:", "      /repo/exercises/05-rail/rail.go:88 +0x1"}
				return r
			}(),
			status: Killed, dim: Race, detail: "data race at rail.go:88"},
		{name: "a time-out reported outside any test is a time-out of the test left unfinished",
			run: func() *gotest.Run {
				r := fakeRun(pass(), &gotest.TestResult{Status: gotest.Hung})
				r.Output = []string{"panic: test timed out after 9s"}
				return r
			}(),
			status: TimedOut, dim: catalog.Timing, test: "TestB", detail: "stopped at the run's time limit"},
		{name: "a binary that exits badly after passing tests kills",
			run: func() *gotest.Run {
				r := fakeRun(pass(), pass())
				r.ExitCode, r.Output = 2, []string{"", "fatal error: all goroutines are asleep"}
				return r
			}(),
			status: Killed, dim: catalog.Timing, detail: "the test binary exited with status 2: fatal error: all goroutines are asleep"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, dim, test, detail := judgeRun(tc.run, []string{"TestA", "TestB"}, base, catalog.Timing)
			assert.Equal(t, tc.status, status)
			assert.Equal(t, tc.dim, dim)
			assert.Equal(t, tc.test, test)
			assert.Equal(t, tc.detail, detail)
		})
	}
}

func TestJudgeSpeedup(t *testing.T) {
	notMeasurable := &gotest.TestResult{Status: gotest.Skipped, Output: []string{"speedup: not measurable here: busy"}}
	status, _, _, detail := judgeSpeedup(fakeRun(&gotest.TestResult{Status: gotest.Passed}, notMeasurable), []string{"TestA", "TestB"})
	assert.Equal(t, Survived, status, "a speedup the machine could not measure leaves a survivor")
	assert.Equal(t, "speedup not measurable here", detail)

	status, dim, test, _ := judgeSpeedup(fakeRun(&gotest.TestResult{Status: gotest.Failed}, notMeasurable), []string{"TestA", "TestB"})
	assert.Equal(t, []any{Killed, catalog.Speedup, "TestA"}, []any{status, dim, test}, "a speedup below the bar kills")
}

func TestScore(t *testing.T) {
	cases := []struct {
		name   string
		counts Counts
		want   float64
		ok     bool
	}{
		{"time-outs count as kills, equivalents and mutants that did not compile count not at all",
			Counts{Mutants: 10, Killed: 5, TimedOut: 1, Survived: 2, Equivalent: 1, NotCompiled: 1}, 75, true},
		{"no mutant judged, no score", Counts{Mutants: 2, Equivalent: 1, NotCompiled: 1}, 0, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := tc.counts.Score()
			assert.Equal(t, tc.ok, ok)
			assert.InDelta(t, tc.want, got, 1e-9)
		})
	}
}

func TestFinishAppliesTheEquivalentFile(t *testing.T) {
	kr := &kataRun{
		k: catalog.Kata{ID: "03-mutex"},
		equivalent: map[string]Equivalence{
			"drop-lock@L5": {ID: "drop-lock@L5", Reason: "held anyway", Line: 2},
			"drop-wait@L9": {ID: "drop-wait@L9", Reason: "wrong", Line: 3},
		},
		result: Kata{Results: []Result{
			{Mutant: Mutant{ID: "drop-lock@L5"}, Status: Survived},
			{Mutant: Mutant{ID: "drop-wait@L9"}, Status: Killed, Dimension: catalog.Correctness, Test: "TestX"},
			{Mutant: Mutant{ID: "go-to-call@L12"}},
		}},
	}
	kr.finish()
	rs := kr.result.Results
	assert.Equal(t, []Status{Equivalent, Killed, Error}, []Status{rs[0].Status, rs[1].Status, rs[2].Status})
	assert.Equal(t, "held anyway", rs[0].Detail, "an equivalent mutant shows its reason")
	assert.Equal(t, "not judged: interrupted", rs[2].Detail)
	require.Len(t, kr.result.Problems, 1, "a recorded equivalent that the suite kills is a problem")
	assert.Contains(t, kr.result.Problems[0], "solutions/03-mutex/mutants/equivalent.txt:3: drop-wait@L9 is recorded as equivalent, but the suite kills it (correctness: TestX)")
}

// TestRunJudgesTheMutantsOfOneKata builds and runs two mutants of
// 02-goroutines: both are killed, and the repository is left as it was.
func TestRunJudgesTheMutantsOfOneKata(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a kata's mutants; -short skips it")
	}
	root, err := filepath.Abs("../../..")
	require.NoError(t, err)
	k, ok := catalog.Lookup("02")
	require.True(t, ok)
	before := tree(t, root, k.ID)
	work := t.TempDir()
	katas, err := Run(context.Background(), []catalog.Kata{k}, Options{
		Grade: grade.Options{ModuleDir: root, WorkDir: work, RunTimeout: time.Minute, SpeedupTimeout: time.Minute},
		Jobs:  2,
		Only:  []string{"go-to-call@L15", "drop-wait@L17"},
	})
	require.NoError(t, err)
	require.Len(t, katas, 1)
	require.Empty(t, katas[0].Err)
	require.Len(t, katas[0].Results, 2)
	assert.Greater(t, katas[0].Mutants, 2, "Mutants counts every mutant of the solution, judged or not")
	for _, r := range katas[0].Results {
		assert.Contains(t, []Status{Killed, TimedOut}, r.Status, "%s: %s", r.ID, r.verdict())
	}
	p, ok := katas[0].Counts().Score()
	assert.True(t, ok)
	assert.Equal(t, 100.0, p)
	assert.Equal(t, before, tree(t, root, k.ID), "the kata's folders are unchanged")
	left, err := os.ReadDir(filepath.Join(work, "mutate", k.ID))
	require.NoError(t, err)
	assert.Empty(t, left, "every mutant's scratch folder is removed once it is judged")
}

// tree lists the files of a kata's exercise and solution folders with their
// sizes and modification times.
func tree(t *testing.T, root, kata string) map[string]string {
	t.Helper()
	files := map[string]string{}
	for _, dir := range []string{"exercises", "solutions"} {
		err := filepath.WalkDir(filepath.Join(root, dir, kata), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			info, err := d.Info()
			if err != nil {
				return err
			}
			files[path] = info.ModTime().String() + " " + info.Mode().String()
			return nil
		})
		require.NoError(t, err)
	}
	return files
}
