package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"testing/synctest"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/report"
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

func TestWatchKeepsTheHTMLReportAtEachKatasLatestGrading(t *testing.T) {
	page := filepath.Join(t.TempDir(), "watch.html")
	env := &environment{ctx: context.Background(), opts: grade.Options{ModuleDir: t.TempDir(), WorkDir: t.TempDir()}}
	s := newWatchSession(env, io.Discard)
	s.html = page
	k, ok := catalog.Lookup("01-sequential")
	require.True(t, ok)
	graded := func(points int) report.KataResult {
		r := report.NewKata(k, report.Graded, "")
		r.Dim(catalog.Correctness).Reason = fmt.Sprintf("grading with %d points", points)
		r.Points = points
		return r
	}
	s.refreshHTML(k, graded(3), 2)
	s.refreshHTML(k, graded(1), 1) // an earlier grading's update, arriving late
	data, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Contains(t, string(data), "grading with 3 points", "the later grading stays in the report")
	assert.NotContains(t, string(data), "grading with 1 points")
	assert.Empty(t, s.pictures, "no timeline for a kata whose correctness fails")
}

// brokenPipe fails every write, as stdout does once the reader of a pipe is gone.
type brokenPipe struct{}

func (brokenPipe) Write([]byte) (int, error) { return 0, errors.New("broken pipe") }

func TestWatchLinesStopsWhenItCannotWriteItsResults(t *testing.T) {
	env := &environment{ctx: context.Background(), opts: grade.Options{ModuleDir: t.TempDir(), WorkDir: t.TempDir()}}
	done := make(chan error, 1)
	go func() { done <- watchLines(env.ctx, env, newWatchSession(env, io.Discard), nil, brokenPipe{}) }()
	select {
	case err := <-done:
		require.Error(t, err)
		assert.Contains(t, err.Error(), "broken pipe")
	case <-time.After(time.Minute):
		t.Fatal("watch went on watching with nowhere to write its results")
	}
}
