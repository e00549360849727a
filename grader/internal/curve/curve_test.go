package curve

import (
	"bytes"
	"encoding/xml"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

const suiteOutput = `=== RUN   TestSpeedupCountingUsesEveryCPU
    speedup.go:12: curve cpus=1 run=150ms seq=140ms machine=1.00x
        curve cpus=2 run=75ms seq=140ms machine=1.96x
        curve cpus=4 run=40ms seq=140ms machine=3.80x
--- SKIP: TestSpeedupCountingUsesEveryCPU (3.10s)
`

func TestParseReadsEveryPoint(t *testing.T) {
	c, err := Parse("08-primes", []byte(suiteOutput))
	require.NoError(t, err)
	want := []Point{
		{CPUs: 1, Run: 150 * time.Millisecond, Seq: 140 * time.Millisecond, Machine: 1},
		{CPUs: 2, Run: 75 * time.Millisecond, Seq: 140 * time.Millisecond, Machine: 1.96},
		{CPUs: 4, Run: 40 * time.Millisecond, Seq: 140 * time.Millisecond, Machine: 3.8},
	}
	if diff := cmp.Diff(want, c.Points); diff != "" {
		t.Errorf("points (-want +got):\n%s", diff)
	}
}

func TestParseRejectsOutputWithoutACurve(t *testing.T) {
	for name, out := range map[string]string{
		"no curve lines":         "--- FAIL: TestSpeedupX (0.1s)\n",
		"no one-CPU point":       "curve cpus=2 run=75ms seq=140ms machine=1.96x\n",
		"an unreadable time":     "curve cpus=1 run=soon seq=140ms machine=1.00x\n",
		"a zero time at one CPU": "curve cpus=1 run=0s seq=140ms machine=1.00x\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Parse("08-primes", []byte(out))
			assert.Error(t, err)
		})
	}
}

func TestSpeedupCountsFromTheFasterOneCPUTime(t *testing.T) {
	c, err := Parse("08-primes", []byte(suiteOutput))
	require.NoError(t, err)
	assert.InDelta(t, 140.0/150, c.Speedup(0), 1e-9, "one CPU: the sequential version was faster")
	assert.InDelta(t, 140.0/75, c.Speedup(1), 1e-9)
	assert.InDelta(t, 140.0/40, c.Speedup(2), 1e-9)
}

func TestWriteSVGDrawsOneLinePerKataAndIsWellFormed(t *testing.T) {
	a, err := Parse("08-primes", []byte(suiteOutput))
	require.NoError(t, err)
	b := a
	b.Kata = "13-matmul <&>"
	var out bytes.Buffer
	require.NoError(t, WriteSVG(&out, `16 CPUs "test"`, []Curve{a, b}))

	dec := xml.NewDecoder(bytes.NewReader(out.Bytes()))
	polylines := 0
	for {
		tok, err := dec.Token()
		if err != nil {
			require.ErrorContains(t, err, "EOF", "the SVG is not well-formed XML")
			break
		}
		if el, ok := tok.(xml.StartElement); ok && el.Name.Local == "polyline" {
			polylines++
		}
	}
	assert.Equal(t, 3, polylines, "one line per kata and one for the machine")
	assert.Contains(t, out.String(), "13-matmul &lt;&amp;&gt;")
}

func TestWriteTableHasARowPerPoint(t *testing.T) {
	c, err := Parse("08-primes", []byte(suiteOutput))
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, WriteTable(&out, []Curve{c}))
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	require.Len(t, lines, 2+3)
	assert.Equal(t, "| 08-primes | 2 | 150ms | 140ms | 75ms | 1.87x | 1.96x |", lines[3])
}
