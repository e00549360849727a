package protocol

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestTraceLinesReadBackAsWritten(t *testing.T) {
	for name, tr := range map[string]Trace{
		"a scenario":         {CPUs: 2, Untraced: 41200 * time.Microsecond, Traced: 44900 * time.Microsecond},
		"a speedup workload": {CPUs: 8, Untraced: 12 * time.Millisecond, Traced: 13 * time.Millisecond, OneCPU: 80 * time.Millisecond, Sequential: 78500 * time.Microsecond, Machine: 1.97},
	} {
		t.Run(name, func(t *testing.T) {
			got, ok, err := ParseTrace("=== RUN TestX\n    x_test.go:12: " + tr.String() + "\n--- PASS")
			require.NoError(t, err)
			require.True(t, ok)
			assert.Equal(t, tr, got)
		})
	}
}

func TestParseTraceTellsMissingFromUnreadable(t *testing.T) {
	_, ok, err := ParseTrace("no line here")
	assert.False(t, ok)
	assert.NoError(t, err)
	_, ok, err = ParseTrace("trace cpus=2 untraced=12parsecs traced=1ms")
	assert.True(t, ok)
	assert.ErrorContains(t, err, "unreadable trace line")
}

func TestTraceFiguresCountFromTheFasterOneCPUBaseline(t *testing.T) {
	tr := Trace{CPUs: 2, Untraced: 50 * time.Millisecond, Traced: 55 * time.Millisecond, OneCPU: 100 * time.Millisecond, Sequential: 90 * time.Millisecond}
	assert.InDelta(t, 1.8, tr.Speedup(), 1e-9)
	assert.InDelta(t, 0.1, tr.Overhead(), 1e-9)
	assert.Zero(t, Trace{CPUs: 2, Untraced: time.Millisecond}.Speedup(), "a scenario has no speedup")
}

func TestSpeedupLinesReadBackAsWritten(t *testing.T) {
	s := Speedup{Speedup: 1.93, CPUs: 2, Bar: 1.4, Machine: 1.97}
	got, ok := ParseSpeedup("    primes_test.go:95: " + s.String())
	require.True(t, ok)
	assert.Equal(t, s, got)
	_, ok = ParseSpeedup("speedup was great")
	assert.False(t, ok)
}

func TestCurveLinesReadBackAsWritten(t *testing.T) {
	want := []CurvePoint{
		{CPUs: 1, Run: 150 * time.Millisecond, Seq: 148 * time.Millisecond, Machine: 1},
		{CPUs: 2, Run: 81200 * time.Microsecond, Seq: 148 * time.Millisecond, Machine: 1.97},
	}
	got, err := ParseCurve(want[0].String() + "\n" + want[1].String() + "\n")
	require.NoError(t, err)
	assert.Equal(t, want, got)
	_, err = ParseCurve("curve cpus=2 run=fast seq=1ms machine=2x")
	assert.ErrorContains(t, err, "unreadable curve line")
}

func TestNotMeasurableIsFoundInASkipReason(t *testing.T) {
	assert.True(t, IsNotMeasurable("--- SKIP\n    x_test.go:3: "+NotMeasurable+": the machine is busy"))
	assert.False(t, IsNotMeasurable("skipped for another reason"))
}
