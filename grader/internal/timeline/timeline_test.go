package timeline

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestOneRegisterServesOneCustomerAtATime(t *testing.T) {
	tl := read(t, traceOf(t, 1, nil, spinners(4, 30*time.Millisecond), nil))
	f := tl.Figures
	t.Logf("%+v", f)
	assert.Equal(t, 1, f.Procs)
	assert.Len(t, tl.Lanes, 1)
	assert.LessOrEqual(t, f.Parallelism, 1.05)
	assert.Greater(t, f.Parallelism, 0.0)
	assert.GreaterOrEqual(t, f.Goroutines, 4)
	assert.Positive(t, f.Runnable, "the spinners wait for the one register")
}

func TestTwoRegistersCanServeTwoCustomers(t *testing.T) {
	tl := read(t, traceOf(t, 2, nil, spinners(2, 30*time.Millisecond), nil))
	f := tl.Figures
	t.Logf("%+v", f)
	assert.Equal(t, 2, f.Procs)
	assert.Len(t, tl.Lanes, 2)
	assert.Greater(t, f.Parallelism, 0.0)
	assert.LessOrEqual(t, f.Parallelism, 2.05)
}

func TestBlockedTimeIsSplitByWhatBlocks(t *testing.T) {
	for _, c := range []struct {
		name string
		work func()
		want string
	}{
		{"goroutines waiting on a channel count as channel", blockedOnChannel, "channel"},
		{"goroutines waiting for a mutex count as mutex", blockedOnMutex, "mutex"},
		{"goroutines in time.Sleep count as sleep", sleeping, "sleep"},
	} {
		t.Run(c.name, func(t *testing.T) {
			tl := read(t, traceOf(t, 2, nil, c.work, nil))
			t.Logf("%+v", tl.Figures)
			assert.Equal(t, []string{c.want}, slices.Sorted(maps.Keys(tl.Figures.BlockedBy)))
		})
	}
}

// outsideTheRegion is work done before the region opens.
func outsideTheRegion() {
	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			spin(5 * time.Millisecond)
		}()
	}
	wg.Wait()
}

// labels returns the labels of the counted goroutines of a timeline.
func labels(tl *Timeline) []string {
	var out []string
	for _, g := range tl.Goroutines {
		if !g.Runtime {
			out = append(out, g.Label)
		}
	}
	return out
}

func TestTheRegionChoosesTheWindow(t *testing.T) {
	data := traceOf(t, 2, outsideTheRegion, sleeping, nil)
	const outside = "timeline.outsideTheRegion.func1"
	for _, c := range []struct {
		name        string
		opts        Options
		region      string
		seesOutside bool
	}{
		{"with the region, work before it is not counted", Options{Region: region}, region, false},
		{"without a region, the whole trace is counted", Options{}, "", true},
		{"with a region the trace lacks, the whole trace is counted", Options{Region: "lunch"}, "", true},
	} {
		t.Run(c.name, func(t *testing.T) {
			tl, err := Read(bytes.NewReader(data), c.opts)
			require.NoError(t, err)
			assert.Equal(t, c.region, tl.Region)
			assert.Equal(t, c.seesOutside, slices.Contains(labels(tl), outside), "labels: %v", labels(tl))
			assert.Equal(t, tl.End-tl.Start, tl.Figures.Window)
			if c.seesOutside {
				assert.Zero(t, tl.Start)
			} else {
				assert.Positive(t, tl.Start, "the window opens when the region begins")
				assert.Contains(t, tl.Figures.BlockedBy, "sleep")
			}
		})
	}
}

func TestReadingWhatIsNotATraceSaysSo(t *testing.T) {
	_, err := Read(strings.NewReader("not a trace"), Options{})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "timeline: reading the trace")
}
