package verify

import (
	"sync"
	"sync/atomic"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestEachCallsEveryItemOnceWithAtMostJobsAtATime(t *testing.T) {
	for _, jobs := range []int{-1, 0, 1, 2, 5} {
		synctest.Test(t, func(t *testing.T) {
			items := []string{"a", "b", "c", "d", "e", "f", "g"}
			got := make([]string, len(items))
			var running, most atomic.Int32
			var mu sync.Mutex
			Each(items, jobs, func(i int, item string) {
				n := running.Add(1)
				mu.Lock()
				most.Store(max(most.Load(), n))
				mu.Unlock()
				time.Sleep(time.Second) // fake time: every call overlaps the others it can
				running.Add(-1)
				got[i] = item
			})
			assert.Equal(t, items, got, "every item, each at its own index")
			assert.Equal(t, int32(max(jobs, 1)), most.Load(), "calls running at once with jobs=%d", jobs)
		})
	}
}
