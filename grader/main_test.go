package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/progress"
	"github.com/deli-katas/deli/grader/internal/report"
)

func TestRunRejectsBadInvocationsWithStatus2(t *testing.T) {
	cases := map[string][]string{
		"an unknown flag":                         {"--no-such-flag"},
		"an unknown kata":                         {"99-nothing"},
		"a min score over 100":                    {"--min-score", "101"},
		"a directory not Deli's":                  {"--dir", "/"},
		"a curve of katas without a speedup test": {"curve", "01", "02"},
	}
	for name, args := range cases {
		t.Run(name+" exits 2", func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(args, &out, &errOut)
			require.Error(t, err)
			assert.Equal(t, exitUsage, exitCode(err), "cobra's own flag errors too")
		})
	}
}

func TestRunGradesOneKataAsJSON(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a kata; -short skips it")
	}
	var out, errOut bytes.Buffer
	err := run([]string{"--json", "--solutions", "--no-history", "01"}, &out, &errOut)
	require.NoError(t, err, errOut.String())
	var doc struct {
		Schema string
		Source string
		Katas  []struct {
			ID string
		}
		Summary struct{ Percent int }
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc), out.String())
	assert.Equal(t, "deli-grade/v1", doc.Schema)
	assert.Equal(t, "solutions", doc.Source)
	require.Len(t, doc.Katas, 1)
	assert.Equal(t, "01-sequential", doc.Katas[0].ID)
	assert.Equal(t, 100, doc.Summary.Percent, "the reference solution earns full marks")
}

func TestRunExitsWithStatus1BelowTheMinimumScore(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a kata; -short skips it")
	}
	var out, errOut bytes.Buffer
	err := run([]string{"--min-score", "50", "--force", "--no-history", "01"}, &out, &errOut)
	require.Error(t, err)
	assert.Equal(t, exitBelowMinimum, exitCode(err))
	assert.Contains(t, out.String(), "01-sequential")
}

func TestRecordProgressShowsTheNextUnseenHintForWhatFailed(t *testing.T) {
	k := catalog.Kata{ID: "02-goroutines", Points: map[catalog.Dimension]int{catalog.Correctness: 3, catalog.Ordering: 2, catalog.Race: 2},
		Hints: []catalog.Hint{
			{Dimension: catalog.Correctness, Text: "c1"},
			{Dimension: catalog.Ordering, Text: "o1"},
			{Dimension: catalog.Correctness, Text: "c2"},
			{Dimension: catalog.Race, Text: "r1"},
		}}
	history := progress.Load(t.TempDir())
	grading := func(failed ...catalog.Dimension) report.KataResult {
		r := report.NewKata(k, report.Graded, "")
		for i := range r.Dimensions {
			if r.Dimensions[i].Status == report.Fail && !slices.Contains(failed, r.Dimensions[i].Name) {
				r.Dimensions[i].Status = report.Pass
			}
		}
		r.Score()
		return r
	}
	var got []string
	var previous []int
	for _, failed := range [][]catalog.Dimension{
		{catalog.Correctness, catalog.Ordering}, // the first failing dimension's first hint
		{catalog.Correctness},                   // its next one
		{catalog.Correctness},                   // all seen: the first again
		{catalog.Ordering, catalog.Race},        // ordering's own hint
		{catalog.Race},                          // race's
		{},                                      // complete: none
	} {
		r := grading(failed...)
		recordProgress(history, k, &r)
		got = append(got, fmt.Sprintf("%d:%s", r.HintNumber, r.Hint))
		if r.Previous != nil {
			previous = append(previous, *r.Previous)
		}
	}
	assert.Equal(t, []string{"1:c1", "3:c2", "1:c1", "2:o1", "4:r1", "0:"}, got)
	assert.Len(t, previous, 5)
}

func TestRecordProgressGivesNoHintForACompileError(t *testing.T) {
	k := catalog.Kata{ID: "02-goroutines", Points: map[catalog.Dimension]int{catalog.Correctness: 3},
		Hints: []catalog.Hint{{Dimension: catalog.Correctness, Text: "c1"}}}
	history := progress.Load(t.TempDir())
	r := report.NewKata(k, report.CompileError, "does not compile")
	recordProgress(history, k, &r)
	assert.Empty(t, r.Hint)
	assert.Empty(t, history.Seen(k.ID), "a compile error uses up no hint")
}

func TestRunWritesJUnitBesideTheTable(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a kata; -short skips it")
	}
	path := filepath.Join(t.TempDir(), "deli.xml")
	var out, errOut bytes.Buffer
	require.NoError(t, run([]string{"--solutions", "--no-history", "--junit", path, "01"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "01-sequential", "the table is still written")
	b, err := os.ReadFile(path)
	require.NoError(t, err)
	var suites struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name string `xml:"name,attr"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(b, &suites), string(b))
	require.Len(t, suites.Suites, 1)
	assert.Equal(t, "01-sequential", suites.Suites[0].Name)
	assert.Equal(t, 2, suites.Tests, "01 scores correctness and ordering")
	assert.Zero(t, suites.Failures, "the reference solution fails nothing")
}

func TestAGraderRemovesTheScratchOfGradersThatAreGone(t *testing.T) {
	dir := t.TempDir()
	dead := exec.Command("true")
	require.NoError(t, dead.Run())
	stale := filepath.Join(dir, fmt.Sprintf("%s%d-123", scratchPrefix, dead.Process.Pid))
	live := filepath.Join(dir, fmt.Sprintf("%s%d-456", scratchPrefix, os.Getpid()))
	other := filepath.Join(dir, "someone-else")
	for _, d := range []string{stale, live, other} {
		require.NoError(t, os.MkdirAll(filepath.Join(d, "08-primes"), 0o755))
	}
	removeStaleScratch(dir)
	assert.NoDirExists(t, stale, "a killed grader's scratch is removed")
	assert.DirExists(t, live, "a running grader's scratch is kept")
	assert.DirExists(t, other)
}

func TestExitCodeTellsAShortfallFromAGraderThatCouldNotWork(t *testing.T) {
	cases := []struct {
		name string
		err  error
		want int
	}{
		{"nothing went wrong", nil, 0},
		{"work below the bar exits 1", &shortfall{errors.New("score 40% is below --min-score 50%")}, exitBelowMinimum},
		{"a wrapped shortfall still exits 1", fmt.Errorf("batch: %w", &shortfall{errors.New("below")}), exitBelowMinimum},
		{"any other error exits 2", errors.New("not a Deli repository"), exitUsage},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, exitCode(tc.err))
		})
	}
}

// TestTheGraderDoesNotLinkTheHarness keeps the harness (katatest, with the
// testing package, synctest, goleak and the lock file) out of the grader
// binary: the two talk through package protocol only.
func TestTheGraderDoesNotLinkTheHarness(t *testing.T) {
	out, err := exec.Command("go", "list", "-deps", ".").Output()
	require.NoError(t, err)
	deps := strings.Fields(string(out))
	for _, pkg := range []string{"testing", "testing/synctest", catalog.ModulePath + "/grader/katatest", "go.uber.org/goleak", "github.com/gofrs/flock"} {
		assert.NotContains(t, deps, pkg, "the grader links %s", pkg)
	}
	assert.Contains(t, deps, catalog.ModulePath+"/grader/protocol")
}
