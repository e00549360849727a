package verify

import (
	"context"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/report"
)

func TestParseMutantLineReadsWhatAndDimensions(t *testing.T) {
	what, dims, err := ParseMutantLine("// Mutant: a lock held around the work. Caught by: speedup, race.")
	require.NoError(t, err)
	assert.Equal(t, "a lock held around the work", what)
	assert.Equal(t, []catalog.Dimension{catalog.Speedup, catalog.Race}, dims)
}

func TestParseMutantLineRejectsMalformedLines(t *testing.T) {
	for _, line := range []string{
		"package primes",
		"// Mutant: no dimensions.",
		"// Mutant: x. Caught by: speed.",
		"// Mutant: x. Caught by: race,timing.",
		"//Mutant: x. Caught by: race.",
	} {
		_, _, err := ParseMutantLine(line)
		assert.Error(t, err, line)
	}
}

func TestALossCountsOnlyOnItsOwnEvidence(t *testing.T) {
	cases := []struct {
		name   string
		dim    catalog.Dimension
		reason string
		want   bool
	}{
		{"a race report catches", catalog.Race, grade.RaceReported + " (see the failing tests' output)", true},
		{"race lost because correctness failed does not", catalog.Race, "not judged yet: race-freedom counts once the correctness tests pass", false},
		{"race lost because a test hung does not", catalog.Race, "not proven: 1 tests did not finish under -race", false},
		{"a measured speedup below the bar catches", catalog.Speedup, "1 of 1 tests did not pass: TestSpeedupX (fail)", true},
		{"a speedup never measured does not", catalog.Speedup, grade.NotMeasured + ": the correctness tests must pass first", false},
		{"a failed timing test catches", catalog.Timing, "1 of 3 tests did not pass", true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dim := &report.Dimension{Name: tc.dim, Status: report.Fail, Reason: tc.reason}
			assert.Equal(t, tc.want, lostOnItsOwn(tc.dim, dim))
		})
	}
}

func TestCoverageSaysUnprovenWhenOnlyAnUnmeasurableSpeedupStoodInTheWay(t *testing.T) {
	used := []catalog.Dimension{catalog.Correctness, catalog.Timing, catalog.Speedup}
	mutants := []Mutant{
		{Name: "sequential", CaughtBy: []catalog.Dimension{catalog.Speedup, catalog.Timing}},
		{Name: "off-by-one", CaughtBy: []catalog.Dimension{catalog.Correctness}},
	}
	all := map[catalog.Dimension]bool{catalog.Correctness: true, catalog.Timing: true, catalog.Speedup: true}
	noSpeedup := map[catalog.Dimension]bool{catalog.Correctness: true, catalog.Timing: true}
	speedupUnmeasured := map[catalog.Dimension]bool{catalog.Speedup: true}
	cases := []struct {
		name       string
		mutants    []Mutant
		caught     map[catalog.Dimension]bool
		unmeasured map[catalog.Dimension]bool
		want       Verdict
	}{
		{"every dimension lost is ok", mutants, all, nil, OK},
		{"a speedup mutant caught elsewhere and unmeasured is unproven", mutants, noSpeedup, speedupUnmeasured, Unproven},
		{"a speedup measured and never lost fails", mutants, noSpeedup, nil, Failed},
		{"a dimension no mutant names fails even when another is unmeasured", mutants[:1],
			map[catalog.Dimension]bool{catalog.Timing: true}, speedupUnmeasured, Failed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, v := coverage(used, tc.mutants, tc.caught, tc.unmeasured)
			assert.Equal(t, tc.want, v, got)
		})
	}
}

func TestFilesCheckFindsWhatDoesNotBelongInAKatasFolders(t *testing.T) {
	k, ok := catalog.Lookup("08-primes")
	require.True(t, ok)
	course := map[string]string{
		"exercises/08-primes/primes.go":                        "",
		"exercises/08-primes/primes_test.go":                   "",
		"exercises/08-primes/README.md":                        "",
		"solutions/08-primes/primes.go":                        "",
		"solutions/08-primes/mutants/equivalent.txt":           "",
		"solutions/08-primes/mutants/sequential/primes.go":     "",
		"solutions/08-primes/mutants/shared-counter/primes.go": "",
	}
	cases := []struct {
		name  string
		extra string // a file added to the course, "" for none
	}{
		{"a kata with only its own files passes", ""},
		{"a second Go file beside the stub is stray", "exercises/08-primes/helpers.go"},
		{"an editor's copy of the solution is stray", "solutions/08-primes/primes.go.orig"},
		{"a mutant with a second file is stray", "solutions/08-primes/mutants/sequential/notes.txt"},
		{"a file among the mutant folders is stray", "solutions/08-primes/mutants/primes.go"},
		{"equivalent.txt beside the solution is stray (it belongs in mutants/)", "solutions/08-primes/equivalent.txt"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			files := maps.Clone(course)
			if tc.extra != "" {
				files[tc.extra] = ""
			}
			for name, data := range files {
				path := filepath.Join(root, name)
				require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
				require.NoError(t, os.WriteFile(path, []byte(data), 0o644))
			}
			_, _, got, v := filesCheck(root, k)
			if tc.extra == "" {
				assert.Equal(t, OK, v, got)
				return
			}
			assert.Equal(t, Failed, v)
			assert.Contains(t, got, filepath.FromSlash(tc.extra))
		})
	}
}

func courseOptions(t *testing.T) grade.Options {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs a kata; -short skips it")
	}
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	return grade.Options{ModuleDir: root, WorkDir: t.TempDir(), RunTimeout: time.Minute, SpeedupTimeout: 3 * time.Minute}
}

func TestAgainLeavesProvenChecksAsTheyWere(t *testing.T) {
	k, ok := catalog.Lookup("08-primes")
	require.True(t, ok)
	checks := []Check{
		{Kata: k.ID, Subject: "solution", Want: "full marks", Got: "full marks", Verdict: OK},
		{Kata: k.ID, Subject: "mutant sequential", Want: "loses speedup", Got: "lost none of them", Verdict: Failed},
		{Kata: k.ID, Subject: "mutants", Want: coverageWant, Got: "uncaught: speedup", Verdict: Failed},
	}
	opts := grade.Options{ModuleDir: "does-not-exist"} // nothing may be graded
	assert.Equal(t, checks, Again(context.Background(), k, opts, checks, nil))
}

func TestAgainMeasuresAnUnprovenMutantOnceMoreAndJudgesTheCoverageAgain(t *testing.T) {
	k, ok := catalog.Lookup("08-primes")
	require.True(t, ok)
	opts := courseOptions(t)
	mutants, err := Mutants(opts.ModuleDir, k)
	require.NoError(t, err)
	var checks []Check
	for _, m := range mutants {
		// Every other mutant lost what it names, except a speedup.
		c := Check{Kata: k.ID, Subject: "mutant " + m.Name, Want: "loses " + joinDims(m.CaughtBy), Got: "lost it", Verdict: OK,
			caught: map[catalog.Dimension]bool{}}
		for _, d := range m.CaughtBy {
			if d != catalog.Speedup {
				c.caught[d] = true
			}
		}
		if m.Name == "sequential" { // as if the machine had been busy: its speedup unmeasured
			c.Got, c.Verdict, c.caught = "not measurable here: speedup", Unproven, nil
			c.unmeasured = map[catalog.Dimension]bool{catalog.Speedup: true}
		}
		checks = append(checks, c)
	}
	checks = append(checks, coverageCheck(k, mutants, checks))
	require.Equal(t, Unproven, checks[len(checks)-1].Verdict, "the coverage waits on the unmeasured speedup: %s", checks[len(checks)-1].Got)

	again := Again(context.Background(), k, opts, checks, nil)
	require.Len(t, again, len(checks))
	for i, c := range again {
		if c.Subject != "mutant sequential" && c.Subject != "mutants" {
			assert.Equal(t, checks[i], c, "%s is kept", c.Subject)
		}
	}
	i := slices.IndexFunc(again, func(c Check) bool { return c.Subject == "mutant sequential" })
	seq, cov := again[i], again[len(again)-1]
	assert.Contains(t, seq.Got, againNote)
	assert.Contains(t, []Verdict{OK, Unproven}, seq.Verdict, "caught, or the machine is still busy: %s", seq.Got)
	if seq.Verdict == OK {
		assert.Equal(t, OK, cov.Verdict, cov.Got)
	} else {
		assert.Equal(t, Unproven, cov.Verdict, cov.Got)
	}
}
