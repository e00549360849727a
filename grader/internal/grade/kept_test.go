package grade

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/internal/cache"
	"github.com/deli-katas/deli/grader/internal/report"
)

func TestKeptReturnsWhatTheCacheKeepsWithoutGrading(t *testing.T) {
	root, err := filepath.Abs(filepath.Join("..", "..", ".."))
	require.NoError(t, err)
	k := primes(t)
	opts := Options{ModuleDir: root, Cache: cache.Load(t.TempDir()), CacheKey: []byte("this grader")}
	_, ok := Kept(k, opts)
	assert.False(t, ok, "nothing kept yet")

	full := report.NewKata(k, report.Graded, "")
	for i := range full.Dimensions {
		if full.Dimensions[i].Status == report.Fail {
			full.Dimensions[i].Status = report.Pass
		}
	}
	full.Score()
	full.Hint = "not kept"
	opts.Cache.Put(k.ID, resultKey(k, opts), full)

	r, ok := Kept(k, opts)
	require.True(t, ok)
	assert.True(t, r.Cached)
	assert.Equal(t, full.MaxPoints, r.Points)
	assert.Empty(t, r.Hint, "a kept result has no hint, as Kata returns it")

	forced := opts
	forced.Force = true
	_, ok = Kept(k, forced)
	assert.False(t, ok, "--force keeps nothing")
	other := opts
	other.CacheKey = []byte("another grader")
	_, ok = Kept(k, other)
	assert.False(t, ok, "a result kept under another grader is not this one's")
}
