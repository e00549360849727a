package timeline

import (
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
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
