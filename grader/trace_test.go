package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// traceJSON runs grader trace --json with args and decodes its figures.
func traceJSON(t *testing.T, args ...string) []traced {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and traces a kata; -short skips it")
	}
	var out, errOut bytes.Buffer
	err := run(append([]string{"trace", "--json"}, args...), &out, &errOut)
	require.NoError(t, err, errOut.String())
	var results []traced
	require.NoError(t, json.Unmarshal(out.Bytes(), &results), out.String())
	return results
}

// The trace's parallelism is the goroutines' running time per wall time on
// the Ps, so it shows the code's structure even on a busy machine: a
// goroutine that holds a P still counts as running while the OS runs other
// work on its thread.
func TestTraceShowsTwoBusyRegistersForTheSolutionAndOneForTheSequentialMutant(t *testing.T) {
	solution := traceJSON(t, "--solutions", "08")
	sequential := traceJSON(t, "--mutant", "sequential", "08")
	require.Len(t, solution, 1)
	require.Len(t, sequential, 1)
	if solution[0].Procs < 2 {
		t.Skipf("this process may use %d CPU: one register cannot show parallelism", solution[0].Procs)
	}
	assert.GreaterOrEqual(t, solution[0].Parallelism, 1.5, "the reference solution keeps both registers busy")
	assert.LessOrEqual(t, sequential[0].Parallelism, 1.1, "sequential code keeps one register busy")
	assert.Positive(t, solution[0].Speedup, "a speedup kata's figures include the untraced speedup")
	assert.Equal(t, "TestSpeedupCountingUsesEveryCPU", solution[0].Test)
}

func TestTraceShowsMoreCustomersThanBusyRegistersInTheGoroutinesKata(t *testing.T) {
	r := traceJSON(t, "--solutions", "02")
	require.Len(t, r, 1)
	assert.GreaterOrEqual(t, r[0].Goroutines, 24, "every fetch has its goroutine, all alive at once")
	assert.Less(t, r[0].Parallelism, 1.0, "they mostly wait: concurrency without parallelism")
	assert.Positive(t, r[0].BlockedBy["sleep"], "the kitchen's sleeps show as blocked time")
	assert.Zero(t, r[0].Speedup, "a scenario has no speedup figure")
}

func TestTraceDrawsAnSVGFile(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and traces a kata; -short skips it")
	}
	svg := filepath.Join(t.TempDir(), "01.svg")
	var out, errOut bytes.Buffer
	require.NoError(t, run([]string{"trace", "--solutions", "--svg", svg, "01"}, &out, &errOut), errOut.String())
	assert.Contains(t, out.String(), "01-sequential")
	data, err := os.ReadFile(svg)
	require.NoError(t, err)
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if err == io.EOF {
			break
		}
		require.NoError(t, err, "the SVG is well-formed XML")
	}
	assert.Contains(t, string(data), "register 2")
}

func TestTraceRefusesWhatItCannotTrace(t *testing.T) {
	cases := map[string]struct {
		args []string
		want string
	}{
		"a stub not started":              {[]string{"trace", "02"}, "not started"},
		"a mutant the kata does not have": {[]string{"trace", "--mutant", "nope", "08"}, `no mutant "nope"`},
		"both the solution and a mutant":  {[]string{"trace", "--solutions", "--mutant", "sequential", "08"}, "not both"},
		"one picture of two katas":        {[]string{"trace", "--solutions", "--svg", "x.svg", "01", "02"}, "one kata"},
		"no kata":                         {[]string{"trace"}, "requires at least 1 arg"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(c.args, &out, &errOut)
			require.Error(t, err)
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

func TestHTMLReportHasATimelineForEachKataWhoseCorrectnessPasses(t *testing.T) {
	if testing.Short() {
		t.Skip("grades and traces a kata; -short skips it")
	}
	page := filepath.Join(t.TempDir(), "deli.html")
	var out, errOut bytes.Buffer
	require.NoError(t, run([]string{"--solutions", "--no-history", "--html", page, "02"}, &out, &errOut), errOut.String())
	data, err := os.ReadFile(page)
	require.NoError(t, err)
	html := string(data)
	assert.Contains(t, html, "02-goroutines")
	assert.Contains(t, html, "register 1", "the timeline is inline")
	assert.Contains(t, html, "grader trace --solutions 02-goroutines", "with the command that draws it again")
	assert.False(t, strings.Contains(html, "http://") || strings.Contains(html, "https://"), "the page fetches nothing")
}
