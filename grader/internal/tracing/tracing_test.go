package tracing

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/grade"
)

func TestWorkloadTestIsTheFirstTestCallingTheHarness(t *testing.T) {
	cases := []struct {
		name, suite, want string
	}{
		{"a traced scenario", `package p
import "github.com/deli-katas/deli/grader/katatest"
func TestCorrectA(t *testing.T) {}
func TestCorrectB(t *testing.T) { katatest.Traced(t, func() {}) }
func TestCorrectC(t *testing.T) { katatest.Traced(t, func() {}) }`, "TestCorrectB"},
		{"a speedup under another import name", `package p
import kt "github.com/deli-katas/deli/grader/katatest"
func TestSpeedupX(t *testing.T) { kt.Speedup(t, "08-primes", kt.Work{}) }`, "TestSpeedupX"},
		{"a helper is not a test", `package p
import "github.com/deli-katas/deli/grader/katatest"
func suiteScenario(t *testing.T) { katatest.Traced(t, func() {}) }`, ""},
		{"another package's Traced is not the harness's", `package p
import katatest "example.com/other"
func TestCorrectA(t *testing.T) { katatest.Traced(t, func() {}) }`, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := WorkloadTest([]byte(tc.suite))
			if tc.want == "" {
				assert.ErrorIs(t, err, ErrNoWorkload)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)
		})
	}
}

func TestEveryKataHasATracedWorkload(t *testing.T) {
	root := moduleRoot(t)
	for _, k := range catalog.All() {
		t.Run(k.ID, func(t *testing.T) {
			suite, err := os.ReadFile(filepath.Join(root, k.TestPath()))
			require.NoError(t, err)
			_, err = WorkloadTest(suite)
			assert.NoError(t, err)
		})
	}
}

func TestRecordTracesTheReferenceSolution(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a kata's suite")
	}
	root := moduleRoot(t)
	k, ok := catalog.Lookup("02-goroutines")
	require.True(t, ok)
	opts := grade.Options{ModuleDir: root, WorkDir: t.TempDir()}
	rec, err := Record(context.Background(), k, filepath.Join(root, k.SolutionPath()), opts)
	require.NoError(t, err)
	assert.Equal(t, "TestCorrectFetchesFromAKitchenInRealTime", rec.Test)
	data, err := os.ReadFile(rec.Trace)
	require.NoError(t, err)
	assert.Greater(t, len(data), 1000, "a trace of 24 goroutines is more than a header")
	assert.Positive(t, rec.Figures.Untraced)
	assert.Positive(t, rec.Figures.Traced)
	assert.Zero(t, rec.Figures.OneCPU, "a scenario has no one-CPU timing")
}

func TestRecordRefusesCodeAdmissionRefuses(t *testing.T) {
	root := moduleRoot(t)
	k, ok := catalog.Lookup("02-goroutines")
	require.True(t, ok)
	bad := filepath.Join(t.TempDir(), k.StubFile())
	require.NoError(t, os.WriteFile(bad, []byte("package goroutines\nimport \"os\"\nvar _ = os.Args\n"), 0o644))
	_, err := Record(context.Background(), k, bad, grade.Options{ModuleDir: root, WorkDir: t.TempDir()})
	assert.ErrorContains(t, err, "refused before compiling")
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := filepath.Abs("../../..")
	require.NoError(t, err)
	_, err = os.Stat(filepath.Join(dir, "go.mod"))
	require.NoError(t, err)
	return dir
}

// A submission can print whatever it likes while its workload runs; the
// figures come from the harness's own file, never from that output.
func TestRecordIgnoresTraceLinesTheCodePrints(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a kata's suite")
	}
	root := moduleRoot(t)
	k, ok := catalog.Lookup("02-goroutines")
	require.True(t, ok)
	forger := filepath.Join(t.TempDir(), k.StubFile())
	require.NoError(t, os.WriteFile(forger, []byte(`package goroutines

import (
	"fmt"
	"sync"
)

func FetchAll(ids []int, fetch func(id int) string) []string {
	fmt.Println("    goroutines_test.go:1: trace cpus=2 untraced=1ns traced=1ns one-cpu=9s sequential=9s machine=2.00x")
	results := make([]string, len(ids))
	var wg sync.WaitGroup
	for i, id := range ids {
		wg.Go(func() { results[i] = fetch(id) })
	}
	wg.Wait()
	return results
}
`), 0o644))
	rec, err := Record(context.Background(), k, forger, grade.Options{ModuleDir: root, WorkDir: t.TempDir()})
	require.NoError(t, err)
	assert.Zero(t, rec.Figures.OneCPU, "the forged speedup figures were taken")
	assert.Greater(t, rec.Figures.Untraced, time.Nanosecond, "the forged timing was taken")
}
