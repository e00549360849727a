package katatest

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

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
