package timeline

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	update  = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current output")
	retrace = flag.Bool("retrace", false, "record testdata/deli.trace again (then run with -update too)")
)

// deliTrace is a small trace checked in, so that the golden SVG does not
// depend on the machine the tests run on.
var deliTrace = filepath.Join("testdata", "deli.trace")

// deliDay is the workload of testdata/deli.trace: three customers want two
// registers, two of them take turns with a mutex, one hands orders to another
// through a channel, and the last one naps.
func deliDay() {
	var wg sync.WaitGroup
	for range 3 {
		wg.Go(func() { spin(3 * time.Millisecond) })
	}
	wg.Wait()
	var mu sync.Mutex
	for range 2 {
		wg.Go(func() {
			for range 3 {
				mu.Lock()
				spin(500 * time.Microsecond)
				mu.Unlock()
			}
		})
	}
	orders := make(chan int)
	wg.Go(func() {
		defer close(orders)
		for i := range 3 {
			spin(500 * time.Microsecond)
			orders <- i
		}
	})
	wg.Go(func() {
		for range orders {
			spin(200 * time.Microsecond)
		}
	})
	wg.Go(func() { time.Sleep(2 * time.Millisecond) })
	wg.Wait()
}

var retraceOnce sync.Once

// readDeli reads testdata/deli.trace, recording it first with -retrace.
func readDeli(t *testing.T) *Timeline {
	t.Helper()
	if *retrace {
		retraceOnce.Do(func() {
			data := traceOf(t, 2, func() { spin(time.Millisecond) }, deliDay, nil)
			require.NoError(t, os.WriteFile(deliTrace, data, 0o644))
		})
	}
	data, err := os.ReadFile(deliTrace)
	require.NoError(t, err, "run go test -retrace -update to record it")
	return read(t, data)
}

func svgOf(t *testing.T, tl *Timeline, title string) []byte {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, tl.WriteSVG(&buf, title))
	return buf.Bytes()
}

func TestTheCheckedInTraceDrawsAsItsGoldenFile(t *testing.T) {
	got := svgOf(t, readDeli(t), "A day at the deli <2 registers>")
	path := filepath.Join("testdata", "deli.svg.golden")
	if *update {
		require.NoError(t, os.WriteFile(path, got, 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test -update to create it")
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("the SVG differs from %s (-want +got); if the change is meant, run go test -update:\n%s", path, diff)
	}
}

func TestTheCheckedInTraceIsSmall(t *testing.T) {
	info, err := os.Stat(deliTrace)
	require.NoError(t, err)
	assert.Less(t, info.Size(), int64(200<<10))
}

func TestTheSameTimelineDrawsTheSameBytes(t *testing.T) {
	tl := readDeli(t)
	assert.Equal(t, svgOf(t, tl, "deli"), svgOf(t, readDeli(t), "deli"))
}

// element is an XML element of the SVG, with what tests look for.
type element struct {
	name  string
	class string
	text  string
}

// parseSVG decodes a whole SVG document and returns its elements in order.
func parseSVG(t *testing.T, svg []byte) []element {
	t.Helper()
	dec := xml.NewDecoder(bytes.NewReader(svg))
	var out []element
	var open []int // indexes in out of the elements not yet closed
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		require.NoError(t, err, "the SVG is not well-formed XML")
		switch tok := tok.(type) {
		case xml.StartElement:
			e := element{name: tok.Name.Local}
			for _, a := range tok.Attr {
				if a.Name.Local == "class" {
					e.class = a.Value
				}
			}
			open = append(open, len(out))
			out = append(out, e)
		case xml.EndElement:
			open = open[:len(open)-1]
		case xml.CharData:
			if len(open) > 0 {
				out[open[len(open)-1]].text += string(tok)
			}
		}
	}
	return out
}

func TestTheSVGIsWellFormedWithALanePerRegister(t *testing.T) {
	tl := readDeli(t)
	svg := svgOf(t, tl, `Tom & Jerry's "deli" <test>`)
	elements := parseSVG(t, svg)
	require.NotEmpty(t, elements)
	assert.Equal(t, "svg", elements[0].name, "the document is one svg element")
	assert.NotContains(t, string(svg), "<?xml", "the SVG can be inlined in HTML as it is")
	assert.NotContains(t, string(svg), "<script")
	assert.NotContains(t, string(svg), "<style")
	var lanes, labels []string
	for _, e := range elements {
		if e.class == "register" {
			lanes = append(lanes, e.name)
		}
		if e.name == "text" && strings.HasPrefix(e.text, "register ") {
			labels = append(labels, e.text)
		}
	}
	assert.Len(t, lanes, tl.Figures.Procs)
	assert.Equal(t, []string{"register 1", "register 2"}, labels)
	assert.Contains(t, string(svg), "Tom &amp; Jerry&apos;s &quot;deli&quot; &lt;test&gt;")
}

func TestThousandsOfTinySpansMakeASmallSVG(t *testing.T) {
	// Two goroutines yield to each other for 100ms: tens of thousands of
	// spans of a few microseconds.
	yielders := func() {
		var stop atomic.Bool
		var wg sync.WaitGroup
		for range 4 {
			wg.Go(func() {
				for !stop.Load() {
					runtimeGosched()
				}
			})
		}
		time.Sleep(100 * time.Millisecond)
		stop.Store(true)
		wg.Wait()
	}
	tl := read(t, traceOf(t, 2, nil, yielders, nil))
	spans := 0
	for _, l := range tl.Lanes {
		spans += len(l.Spans)
	}
	svg := svgOf(t, tl, "yielders")
	t.Logf("%d spans drawn in %d bytes", spans, len(svg))
	require.Greater(t, spans, 1000, "the workload should make many spans")
	assert.Less(t, len(svg), 1<<20)
	assert.LessOrEqual(t, strings.Count(string(svg), "<rect"), maxRects+100)
	parseSVG(t, svg)
}
