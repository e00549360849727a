package katatest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/protocol"
)

func TestTracedRunsTheScenarioOnceWhenNoTraceIsAsked(t *testing.T) {
	t.Setenv(protocol.TraceEnv, "")
	calls := 0
	Traced(t, func() { calls++ })
	assert.Equal(t, 1, calls)
}

func TestTracedWritesATraceOfTheScenarioWhenAsked(t *testing.T) {
	path := filepath.Join(t.TempDir(), "scenario.trace")
	t.Setenv(protocol.TraceEnv, path)
	calls := 0
	Traced(t, func() {
		calls++
		done := make(chan bool)
		go func() { done <- true }()
		<-done
	})
	assert.Equal(t, 2, calls, "once timed, once traced")
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(data, []byte("go 1.")), "a runtime/trace file starts with its Go version, got %q", data[:min(len(data), 16)])
	assert.Contains(t, string(data), protocol.TraceRegion, "the workload's region is in the trace")
	figures, err := os.ReadFile(protocol.TraceFigures(path))
	require.NoError(t, err)
	fig, ok, err := protocol.ParseTrace(string(figures))
	require.NoError(t, err)
	require.True(t, ok, "the figures file holds the trace line: %q", figures)
	assert.Positive(t, fig.Traced)
}

func TestATraceJudgesItsRoundsAsAMeasurementDoes(t *testing.T) {
	ms := time.Millisecond
	quiet := round{cal1: 100 * ms, calP: 51 * ms, run1: 100 * ms, runP: 52 * ms, cpu1: 100 * ms, cpuP: 100 * ms, wait1: 0, waitP: ms}
	busyMachine := quiet // the calibration beside it showed 1.25x
	busyMachine.calP = 80 * ms
	crowded := quiet // its calls' threads waited for a CPU 40 ms of 52, 4 ms at a time
	crowded.waitP, crowded.slicesP = 40*ms, 10
	rs := []round{quiet, busyMachine, crowded}
	assert.Equal(t, 1, judgedRounds(rs, 2))
	assert.Equal(t, 0, judgedRounds(rs, 1), "one CPU shows no parallelism")
}
