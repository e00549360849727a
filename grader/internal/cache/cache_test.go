package cache

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/deli-katas/deli/grader/internal/report"
)

func TestCacheKeepsOnlyFullMarksUnderTheirKey(t *testing.T) {
	root := t.TempDir()
	c := Load(root)
	full := report.KataResult{ID: "01-sequential", Status: report.Graded, Points: 10, MaxPoints: 10}
	c.Put("01-sequential", "k1", full)
	c.Put("02-goroutines", "k2", report.KataResult{ID: "02-goroutines", Status: report.Graded, Points: 3, MaxPoints: 10})
	assert.NoError(t, c.Save())

	again := Load(root)
	got, ok := again.Get("01-sequential", "k1")
	assert.True(t, ok)
	assert.Equal(t, full, got)
	_, ok = again.Get("01-sequential", "another key")
	assert.False(t, ok, "a changed input misses")
	_, ok = again.Get("02-goroutines", "k2")
	assert.False(t, ok, "a result short of full marks is not kept")

	again.Put("01-sequential", "k3", report.KataResult{ID: "01-sequential", Status: report.Graded, Points: 5, MaxPoints: 10})
	_, ok = again.Get("01-sequential", "k1")
	assert.False(t, ok, "a worse grading forgets the kept result")
}

func TestKeySeparatesParts(t *testing.T) {
	assert.NotEqual(t, Key([]byte("ab"), []byte("c")), Key([]byte("a"), []byte("bc")))
	assert.Equal(t, Key([]byte("a")), Key([]byte("a")))
}
