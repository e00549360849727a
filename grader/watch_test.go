package main

import (
	"context"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/deli-katas/deli/grader/catalog"
)

func TestDebounceGradesEachChangedKataOnceItSettles(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		ctx, cancel := context.WithCancel(context.Background())
		changes := make(chan catalog.Kata)
		var graded []string
		var at []time.Duration
		start := time.Now()
		done := make(chan struct{})
		go func() {
			defer close(done)
			debounce(ctx, changes, 300*time.Millisecond, func(k catalog.Kata) {
				graded = append(graded, k.ID)
				at = append(at, time.Since(start))
			})
		}()
		one, _ := catalog.Lookup("01")
		two, _ := catalog.Lookup("02")
		changes <- two
		time.Sleep(100 * time.Millisecond)
		changes <- one
		time.Sleep(100 * time.Millisecond)
		changes <- two // an editor's second write
		time.Sleep(time.Second)
		synctest.Wait()
		assert.Equal(t, []string{"01-sequential", "02-goroutines"}, graded, "each kata once, in course order")
		assert.Equal(t, []time.Duration{500 * time.Millisecond, 500 * time.Millisecond}, at, "300ms after the last change")
		cancel()
		<-done
	})
}
