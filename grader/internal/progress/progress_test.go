package progress

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecordCountsAttemptsAndKeepsTheBest(t *testing.T) {
	p := Load(t.TempDir())
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	before, attempts := p.Record("02-goroutines", 3, 10, now)
	assert.Equal(t, -1, before, "never graded before")
	assert.Equal(t, 0, attempts)
	before, attempts = p.Record("02-goroutines", 7, 10, now)
	assert.Equal(t, 3, before)
	assert.Equal(t, 1, attempts, "one earlier grading fell short")
	p.Record("02-goroutines", 5, 10, now)
	k := p.Katas["02-goroutines"]
	assert.Equal(t, History{Last: 5, Best: 7, Attempts: 3, GradedAt: now}, *k)
	p.Record("02-goroutines", 10, 10, now)
	assert.True(t, k.Completed)
	assert.Equal(t, 3, k.Attempts, "a complete grading is not an attempt that fell short")
}

func TestSaveAndLoadRoundTrip(t *testing.T) {
	root := t.TempDir()
	p := Load(root)
	p.Record("01-sequential", 10, 10, time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	require.NoError(t, p.Save(root))
	got := Load(root)
	assert.Equal(t, p.Katas["01-sequential"], got.Katas["01-sequential"])
}

func TestLoadStartsAfreshFromAMissingOrBrokenFile(t *testing.T) {
	root := t.TempDir()
	assert.Empty(t, Load(root).Katas)
	require.NoError(t, os.MkdirAll(filepath.Join(root, ".deli"), 0o755))
	require.NoError(t, os.WriteFile(filepath.Join(root, File), []byte("{not json"), 0o644))
	assert.Empty(t, Load(root).Katas)
}
