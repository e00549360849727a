package grade

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/gotest"
	"github.com/deli-katas/deli/grader/internal/report"
)

func options(t *testing.T, file string) Options {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs a kata; -short skips it")
	}
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	opts := Options{ModuleDir: root, WorkDir: t.TempDir(), RunTimeout: time.Minute, SpeedupTimeout: 3 * time.Minute} // the grader's own limits: a busy machine waits for the measurement lock
	if file != "" {
		opts.Stub = func(catalog.Kata) string { return filepath.Join(root, file) }
	}
	return opts
}

func primes(t *testing.T) catalog.Kata {
	k, ok := catalog.Lookup("08-primes")
	require.True(t, ok)
	return k
}

func statuses(r report.KataResult) map[catalog.Dimension]report.DimStatus {
	m := map[catalog.Dimension]report.DimStatus{}
	for _, d := range r.Dimensions {
		m[d.Name] = d.Status
	}
	return m
}

func TestKataAttributesEachFailureToItsDimension(t *testing.T) {
	cases := []struct {
		name string
		file string
		want map[catalog.Dimension]report.DimStatus
	}{
		{
			name: "a wrong count fails correctness, and then race and speedup are not judged",
			file: "solutions/08-primes/mutants/includes-limit/primes.go",
			want: map[catalog.Dimension]report.DimStatus{catalog.Correctness: report.Fail, catalog.Race: report.NotJudged, catalog.Speedup: report.NotJudged},
		},
		{
			name: "an unsynchronised counter fails race",
			file: "solutions/08-primes/mutants/shared-counter/primes.go",
			want: map[catalog.Dimension]report.DimStatus{catalog.Race: report.Fail},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := Kata(context.Background(), primes(t), options(t, tc.file))
			got := statuses(r)
			for d, want := range tc.want {
				assert.Equal(t, want, got[d], "%s: %s", d, r.Dim(d).Reason)
			}
			assert.Less(t, r.Points, r.MaxPoints)
			assert.NotEmpty(t, r.Hint)
			if tc.want[catalog.Race] == report.Fail && tc.want[catalog.Correctness] != report.Fail {
				race := r.Dim(catalog.Race)
				require.NotEmpty(t, race.Tests, "the race dimension names the tests where races were reported")
				assert.Equal(t, report.TestRace, race.Tests[0].Status)
				assert.Contains(t, race.Tests[0].Output, "DATA RACE")
			}
		})
	}
}

func TestKataSkipsTheSpeedupOnlyWhenAsked(t *testing.T) {
	opts := options(t, "solutions/08-primes/primes.go")
	opts.SkipSpeedup = true
	r := Kata(context.Background(), primes(t), opts)
	assert.Equal(t, report.Pass, r.Dim(catalog.Correctness).Status, r.Dim(catalog.Correctness).Reason)
	speedup := r.Dim(catalog.Speedup)
	assert.Equal(t, report.NotJudged, speedup.Status, "an unmeasured speedup is not judged")
	assert.Zero(t, speedup.Points, "and earns nothing")
	assert.True(t, strings.HasPrefix(speedup.Reason, NotMeasured), speedup.Reason)
	assert.Nil(t, r.Speedup, "no figure without a measurement")
}

func TestKataReportsACompileErrorAndScoresZero(t *testing.T) {
	broken := filepath.Join(t.TempDir(), "primes.go")
	require.NoError(t, os.WriteFile(broken, []byte("package primes\n\nfunc CountPrimes(limit, workers int {\n\treturn 0\n}\n"), 0o644))
	// The compiler names files by absolute paths, or relative to the module
	// when shorter: a scratch folder inside the module gets relative ones.
	for _, inModule := range []bool{false, true} {
		name := "a scratch folder far from the module"
		if inModule {
			name = "a scratch folder in the module"
		}
		t.Run(name+": the error names the file submitted", func(t *testing.T) {
			opts := options(t, "")
			if inModule {
				work, err := os.MkdirTemp(opts.ModuleDir, ".scratch-")
				require.NoError(t, err)
				t.Cleanup(func() { os.RemoveAll(work) })
				opts.WorkDir = work
			}
			opts.Stub = func(catalog.Kata) string { return broken }
			r := Kata(context.Background(), primes(t), opts)
			assert.Equal(t, report.CompileError, r.Status)
			assert.Contains(t, r.Message, "does not compile")
			assert.Contains(t, r.Message, broken+":3:")
			assert.NotContains(t, r.Message, filepath.Join("src", "primes.go"), "the snapshot's path is not the student's")
			assert.Zero(t, r.Points)
		})
	}
}

func TestKataReportsAScratchFolderItCannotMake(t *testing.T) {
	opts := options(t, "solutions/08-primes/primes.go")
	notAFolder := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(notAFolder, nil, 0o644))
	opts.WorkDir = notAFolder
	r := Kata(context.Background(), primes(t), opts)
	assert.Equal(t, report.Missing, r.Status)
	assert.Contains(t, r.Message, "cannot prepare the scratch folder")
	assert.Zero(t, r.Points)
}

func TestKataSkipsAnUnchangedStub(t *testing.T) {
	k := primes(t)
	opts := options(t, "")
	h, err := StubHash(filepath.Join(opts.ModuleDir, "exercises", k.ID, k.StubFile()))
	require.NoError(t, err)
	k.StubSHA256 = h
	r := Kata(context.Background(), k, opts)
	assert.Equal(t, report.NotStarted, r.Status)
	assert.Zero(t, r.Points)
	built, err := os.ReadDir(opts.WorkDir)
	require.NoError(t, err)
	assert.Empty(t, built, "an unchanged stub must not be compiled")
}

func TestDedentKeepsRelativeIndentation(t *testing.T) {
	assert.Equal(t, "a\n  b\n\nc", dedent([]string{"    a", "      b", "", "    c"}))
}

func TestKataBuildsTheCodeItAdmittedEvenWhenTheFileChangesLater(t *testing.T) {
	k := primes(t)
	opts := options(t, "")
	solution, err := os.ReadFile(filepath.Join(opts.ModuleDir, "solutions", k.ID, k.StubFile()))
	require.NoError(t, err)
	submitted := filepath.Join(t.TempDir(), k.StubFile())
	require.NoError(t, os.WriteFile(submitted, solution, 0o644))
	opts.Stub = func(catalog.Kata) string { return submitted }
	opts.SkipSpeedup = true
	opts.Gate = &Gate{}
	release := opts.Gate.Exclusive() // holds the builds back
	done := make(chan report.KataResult)
	go func() { done <- Kata(context.Background(), k, opts) }()

	snapshot := filepath.Join(opts.WorkDir, k.ID, "src", k.TestFile())
	require.Eventually(t, func() bool { _, err := os.Stat(snapshot); return err == nil }, time.Minute, 10*time.Millisecond)
	// The grading has read and admitted the file; now it changes on disk.
	require.NoError(t, os.WriteFile(submitted, []byte("package primes\n\nimport \"os\"\n\nvar _ = os.Args\n"), 0o644))
	release()

	r := <-done
	assert.Equal(t, report.Graded, r.Status, r.Message)
	assert.Equal(t, report.Pass, statuses(r)[catalog.Correctness])
}

// notMeasured is a grading of k whose speedup could not be measured.
func notMeasured(t *testing.T, k catalog.Kata, opts Options) report.KataResult {
	t.Helper()
	opts.SkipSpeedup = true
	r := Kata(context.Background(), k, opts)
	require.Equal(t, report.Graded, r.Status, r.Message)
	d := r.Dim(catalog.Speedup)
	d.Status, d.Reason = report.NotMeasurable, "not measurable here: busy"
	r.Score()
	return r
}

func TestRemeasureJudgesOnlyTheSpeedupStillNotMeasured(t *testing.T) {
	k := primes(t)
	opts := options(t, "solutions/08-primes/primes.go")
	previous := notMeasured(t, k, opts)
	r := Remeasure(context.Background(), k, opts, previous)
	speedup := r.Dim(catalog.Speedup)
	assert.Contains(t, []report.DimStatus{report.Pass, report.NotMeasurable}, speedup.Status,
		"the reference solution passes, or the machine is still too busy: %s", speedup.Reason)
	if speedup.Status == report.Pass {
		assert.Equal(t, r.MaxPoints, r.Points)
		require.NotNil(t, r.Speedup)
	}
	for _, d := range []catalog.Dimension{catalog.Correctness, catalog.Race} {
		assert.Equal(t, *previous.Dim(d), *r.Dim(d), "%s is kept as graded", d)
	}
	assert.Equal(t, report.NotMeasurable, previous.Dim(catalog.Speedup).Status, "the earlier result is not modified")
	assert.Greater(t, r.Seconds, previous.Seconds)
}

func TestRemeasureLeavesCodeThatChangedSinceItWasGraded(t *testing.T) {
	k := primes(t)
	opts := options(t, "solutions/08-primes/primes.go")
	previous := notMeasured(t, k, opts)
	previous.CodeSHA256 = "0123"
	r := Remeasure(context.Background(), k, opts, previous)
	assert.Equal(t, report.NotMeasurable, r.Dim(catalog.Speedup).Status)
	assert.Contains(t, r.Message, "no longer the code that was graded")
	assert.Equal(t, previous.Points, r.Points)
}

func TestOwnCodeIsBuiltWithoutRaceOnlyWhenADimensionNeedsIt(t *testing.T) {
	cases := []struct {
		name   string
		file   string
		builds int
		want   map[catalog.Dimension]report.DimStatus
	}{
		{
			name:   "a solution whose speedup is skipped is built once, with -race",
			file:   "solutions/08-primes/primes.go",
			builds: 1,
			want:   map[catalog.Dimension]report.DimStatus{catalog.Correctness: report.Pass, catalog.Race: report.Pass},
		},
		{
			name:   "a race makes its dimension run again without -race, which is built then",
			file:   "solutions/08-primes/mutants/shared-counter/primes.go",
			builds: 2,
			// (a counter without a lock may also lose counts without -race:
			// correctness is left out)
			want: map[catalog.Dimension]report.DimStatus{catalog.Race: report.Fail},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := options(t, tc.file)
			opts.OwnCode, opts.SkipSpeedup = true, true
			builds := 0
			opts.Progress = func(_ catalog.Kata, step string) {
				if step == "building" {
					builds++
				}
			}
			r := Kata(context.Background(), primes(t), opts)
			assert.Equal(t, tc.builds, builds)
			got := statuses(r)
			for d, want := range tc.want {
				assert.Equal(t, want, got[d], "%s: %s", d, r.Dim(d).Reason)
			}
		})
	}
}

func TestAStudentHearsOfAHangAfterOneRunLimit(t *testing.T) {
	loop := filepath.Join(t.TempDir(), "sequential.go")
	require.NoError(t, os.WriteFile(loop, []byte(`package sequential

type Order struct {
	ID    int
	Items []string
}

type Receipt struct {
	OrderID int
	Total   int
}

func Serve(orders []Order, price func(item string) int) []Receipt {
	for {
	}
}
`), 0o644))
	k, ok := catalog.Lookup("01-sequential")
	require.True(t, ok)
	for _, stop := range []bool{true, false} {
		name := "graded modes run every dimension to its own limit"
		if stop {
			name = "with StopAfterStall the dimensions after the hung one are not judged"
		}
		t.Run(name, func(t *testing.T) {
			opts := options(t, "")
			opts.Stub = func(catalog.Kata) string { return loop }
			opts.RunTimeout, opts.StopAfterStall = 3*time.Second, stop
			r := Kata(context.Background(), k, opts)
			assert.Equal(t, report.Fail, r.Dim(catalog.Correctness).Status)
			ordering := r.Dim(catalog.Ordering)
			if stop {
				assert.Equal(t, report.NotJudged, ordering.Status)
				assert.Contains(t, ordering.Reason, "correctness tests were stopped at the time limit")
			} else {
				assert.Equal(t, report.Fail, ordering.Status, ordering.Reason)
			}
		})
	}
}

func TestOnlyJudgesTheDimensionsAskedFor(t *testing.T) {
	cases := []struct {
		name string
		file string
		only []catalog.Dimension
		want map[catalog.Dimension]report.DimStatus
	}{
		{
			name: "correctness alone leaves race and speedup not judged, even for code that earns them",
			file: "solutions/08-primes/primes.go",
			only: []catalog.Dimension{catalog.Correctness},
			want: map[catalog.Dimension]report.DimStatus{catalog.Correctness: report.Pass, catalog.Race: report.NotJudged, catalog.Speedup: report.NotJudged},
		},
		{
			name: "race runs every test under -race and finds the race",
			file: "solutions/08-primes/mutants/shared-counter/primes.go",
			only: []catalog.Dimension{catalog.Race},
			want: map[catalog.Dimension]report.DimStatus{catalog.Race: report.Fail, catalog.Speedup: report.NotJudged},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			opts := options(t, tc.file)
			opts.Only, opts.OwnCode = tc.only, true
			r := Kata(context.Background(), primes(t), opts)
			got := statuses(r)
			for d, want := range tc.want {
				assert.Equal(t, want, got[d], "%s: %s", d, r.Dim(d).Reason)
			}
			for _, d := range r.Dimensions {
				if d.Status == report.NotJudged {
					assert.Contains(t, []string{notAsked, NotMeasured + ": skipped on request"}, d.Reason, d.Name)
				}
			}
		})
	}
}

func TestEveryRunStatusIsAReportedTestStatus(t *testing.T) {
	cases := map[gotest.Status]report.TestStatus{
		gotest.Passed: report.TestPass, gotest.Failed: report.TestFail, gotest.Skipped: report.TestSkip,
		gotest.Hung: report.TestHung, gotest.NotRun: report.TestNotRun, gotest.Conflicting: report.TestConflicting,
	}
	for run, want := range cases {
		got := tests([]string{"TestX"}, &gotest.Run{Tests: map[string]*gotest.TestResult{"TestX": {Status: run}}})
		assert.Equal(t, want, got[0].Status, "a run's %q", run)
	}
}
