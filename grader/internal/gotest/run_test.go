package gotest

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func statuses(run *Run) map[string]Status {
	m := map[string]Status{}
	for n, t := range run.Tests {
		m[n] = t.Status
	}
	return m
}

func foldFile(t *testing.T, name string, tests ...string) *Run {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "streams", name))
	require.NoError(t, err)
	defer f.Close()
	run, err := Fold(f, tests)
	require.NoError(t, err)
	return run
}

func TestFoldRecordedStreams(t *testing.T) {
	t.Run("a panic fails its test and leaves the later ones not run", func(t *testing.T) {
		run := foldFile(t, "panic.json", "TestCorrectPasses", "TestCorrectFails", "TestCorrectPanics", "TestCorrectSkips")
		want := map[string]Status{
			"TestCorrectPasses": Passed, "TestCorrectFails": Failed, "TestCorrectPanics": Failed, "TestCorrectSkips": NotRun,
		}
		if diff := cmp.Diff(want, statuses(run)); diff != "" {
			t.Errorf("statuses (-want +got):\n%s", diff)
		}
		assert.Contains(t, run.Tests["TestCorrectPanics"].Output, "panic: boom [recovered, repanicked]")
	})
	t.Run("a time-out leaves the running test hung", func(t *testing.T) {
		run := foldFile(t, "timeout.json", "TestCorrectPasses", "TestCorrectHangs")
		want := map[string]Status{"TestCorrectPasses": Passed, "TestCorrectHangs": Hung}
		if diff := cmp.Diff(want, statuses(run)); diff != "" {
			t.Errorf("statuses (-want +got):\n%s", diff)
		}
	})
	t.Run("a build failure runs nothing", func(t *testing.T) {
		run := foldFile(t, "build-failure.json", "TestCorrectNeverBuilt")
		assert.Equal(t, NotRun, run.Tests["TestCorrectNeverBuilt"].Status)
	})
	t.Run("forged pass lines make every test they touch conflicting", func(t *testing.T) {
		run := foldFile(t, "forged.json", "TestCorrectPasses", "TestCorrectForgesPass")
		want := map[string]Status{"TestCorrectPasses": Conflicting, "TestCorrectForgesPass": Conflicting}
		if diff := cmp.Diff(want, statuses(run)); diff != "" {
			t.Errorf("statuses (-want +got):\n%s", diff)
		}
	})
}

var (
	fixtureOnce sync.Once
	fixtureBins map[bool]string
	fixtureErr  error
)

// fixture builds the misbehaving suite once, with and without -race.
func fixture(t *testing.T, race bool) string {
	t.Helper()
	if testing.Short() {
		t.Skip("builds test binaries; -short skips it")
	}
	fixtureOnce.Do(func() {
		dir, err := os.MkdirTemp("", "gotest-fixture-")
		if err != nil {
			fixtureErr = err
			return
		}
		fixtureBins = map[bool]string{}
		sentinel := filepath.Join(dir, SentinelFile)
		if fixtureErr = os.WriteFile(sentinel, []byte(SentinelSource("fixture")), 0o644); fixtureErr != nil {
			return
		}
		pkg := filepath.Join(moduleRoot(), "grader", "internal", "gotest", "testdata", "fixture")
		overlay := map[string]string{filepath.Join(pkg, SentinelFile): sentinel}
		for _, r := range []bool{false, true} {
			out := filepath.Join(dir, map[bool]string{false: "plain.test", true: "race.test"}[r])
			if fixtureErr = Build(context.Background(), BuildOptions{
				ModuleDir: moduleRoot(), Package: "grader/internal/gotest/testdata/fixture", Race: r, Out: out, Overlay: overlay,
			}); fixtureErr != nil {
				return
			}
			fixtureBins[r] = out
		}
	})
	require.NoError(t, fixtureErr)
	return fixtureBins[race]
}

func moduleRoot() string {
	wd, _ := os.Getwd()
	return filepath.Join(wd, "..", "..", "..")
}

func runFixture(t *testing.T, race bool, timeout time.Duration, tests ...string) *Run {
	t.Helper()
	run, err := RunTests(context.Background(), RunOptions{
		Binary: fixture(t, race), Dir: filepath.Join("testdata", "fixture"),
		ImportPath: "fixture", Tests: tests, Timeout: timeout,
	})
	require.NoError(t, err)
	return run
}

func TestRunTestsReportsWhatEachTestDid(t *testing.T) {
	cases := []struct {
		name  string
		race  bool
		tests []string
		want  map[string]Status
		check func(t *testing.T, run *Run)
	}{
		{
			name:  "passes, failures and skips are told apart",
			tests: []string{"TestCorrectPasses", "TestCorrectFails", "TestCorrectSkips"},
			want:  map[string]Status{"TestCorrectPasses": Passed, "TestCorrectFails": Failed, "TestCorrectSkips": Skipped},
			check: func(t *testing.T, run *Run) {
				assert.Equal(t, 1, run.ExitCode)
				assert.Contains(t, strings.Join(run.Tests["TestCorrectFails"].Output, "\n"), "wrong answer")
			},
		},
		{
			name:  "an exit in a test leaves it hung and fails the run",
			tests: []string{"TestCorrectPasses", "TestCorrectExits", "TestCorrectSkips"},
			want:  map[string]Status{"TestCorrectPasses": Passed, "TestCorrectExits": Hung, "TestCorrectSkips": NotRun},
			check: func(t *testing.T, run *Run) {
				assert.NotZero(t, run.ExitCode)
				assert.False(t, run.Stalled(), "an exit is not a stall")
			},
		},
		{
			// The binary halts at the first race report (GORACE=halt_on_error=1),
			// so the test it happened in never ends.
			name:  "a race is reported on the test it happened in",
			race:  true,
			tests: []string{"TestCorrectPasses", "TestCorrectRaces"},
			want:  map[string]Status{"TestCorrectPasses": Passed, "TestCorrectRaces": Hung},
			check: func(t *testing.T, run *Run) {
				assert.True(t, run.Tests["TestCorrectRaces"].Race)
				assert.False(t, run.Tests["TestCorrectPasses"].Race)
			},
		},
		{
			name:  "a hang is killed at the time limit and reported as hung",
			tests: []string{"TestCorrectPasses", "TestCorrectHangs"},
			want:  map[string]Status{"TestCorrectPasses": Passed, "TestCorrectHangs": Hung},
			check: func(t *testing.T, run *Run) { assert.True(t, run.Stalled(), "a hang stopped at the limit is a stall") },
		},
		{
			name:  "forged pass lines do not earn a pass",
			tests: []string{"TestCorrectPasses", "TestCorrectForgesPass"},
			want:  map[string]Status{"TestCorrectPasses": Conflicting, "TestCorrectForgesPass": Conflicting},
		},
		{
			name:  "a flood of output is cut off",
			tests: []string{"TestCorrectFloods"},
			want:  map[string]Status{"TestCorrectFloods": Hung},
			check: func(t *testing.T, run *Run) { assert.True(t, run.OutputLimit) },
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			run := runFixture(t, tc.race, 4*time.Second, tc.tests...)
			if diff := cmp.Diff(tc.want, statuses(run)); diff != "" {
				t.Errorf("statuses (-want +got):\n%s", diff)
			}
			if tc.check != nil {
				tc.check(t, run)
			}
		})
	}
}

func TestSentinelCatchesARunThatEndsBeforeTheTests(t *testing.T) {
	opts := RunOptions{
		Binary: fixture(t, false), Dir: filepath.Join("testdata", "fixture"), ImportPath: "fixture",
		Tests: []string{"TestCorrectPasses"}, Timeout: 10 * time.Second, Env: []string{"FIXTURE_FORGE=1"},
	}
	run, err := RunTests(context.Background(), opts)
	require.NoError(t, err)
	assert.Equal(t, Passed, run.Tests["TestCorrectPasses"].Status, "without the sentinel the forged pass looks real")

	opts.Sentinel = true
	run, err = RunTests(context.Background(), opts)
	require.NoError(t, err)
	assert.True(t, run.Incomplete, "the sentinel never ran, so the run is incomplete")
	assert.NotContains(t, run.Tests, SentinelTest)

	opts.Env = nil
	run, err = RunTests(context.Background(), opts)
	require.NoError(t, err)
	assert.False(t, run.Incomplete, "an honest run reaches the sentinel")
	assert.Equal(t, Passed, run.Tests["TestCorrectPasses"].Status)
}

func TestBuildReportsCompileErrors(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the compiler; -short skips it")
	}
	err := Build(context.Background(), BuildOptions{
		ModuleDir: moduleRoot(), Package: "grader/internal/gotest/testdata/broken", Out: filepath.Join(t.TempDir(), "b.test"),
	})
	var be *BuildError
	require.ErrorAs(t, err, &be)
	assert.Contains(t, be.Output, "declared and not used: unused")
}

func TestTestNamesListsOnlyRealTestFunctions(t *testing.T) {
	path := filepath.Join(t.TempDir(), "x_test.go")
	src := `package x
import "testing"
func TestCorrectA(t *testing.T) {}
func Testlower(t *testing.T) {}
func TestHelper(x int) {}
func BenchmarkB(b *testing.B) {}
func (s S) TestMethod(t *testing.T) {}
func TestOrderB(t *testing.T) {}
func Test(t *testing.T) {}
`
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	names, err := TestNames(path)
	require.NoError(t, err)
	assert.Equal(t, []string{"TestCorrectA", "TestOrderB", "Test"}, names)
}
