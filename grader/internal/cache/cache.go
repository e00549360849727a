// Package cache keeps the results of katas graded with full marks, keyed by
// everything such a result depends on, so that a kata nobody changed is not
// graded (and its speedup not measured) again on the next local grading.
package cache

import (
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"os"
	"path/filepath"
	"sync"

	"github.com/deli-katas/deli/grader/internal/report"
)

// File is where the cache lives, relative to the repository root.
const File = ".deli/results.json"

// Cache holds kept results by kata id. Its methods are safe for concurrent use.
type Cache struct {
	path    string
	mu      sync.Mutex
	Entries map[string]Entry `json:"entries"`
}

// Entry is one kept result and the key it was kept under.
type Entry struct {
	Key    string            `json:"key"`
	Result report.KataResult `json:"result"`
}

// Load reads the cache under root; a missing or unreadable file is an empty cache.
func Load(root string) *Cache {
	c := &Cache{path: filepath.Join(root, File), Entries: map[string]Entry{}}
	data, err := os.ReadFile(c.path)
	if err != nil || json.Unmarshal(data, c) != nil || c.Entries == nil {
		c.Entries = map[string]Entry{}
	}
	return c
}

// Get returns the result kept for kata id under key.
func (c *Cache) Get(id, key string) (report.KataResult, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.Entries[id]
	if !ok || e.Key != key {
		return report.KataResult{}, false
	}
	return e.Result, true
}

// Put keeps r for kata id under key when r has full marks, and forgets any
// other result of the kata.
func (c *Cache) Put(id, key string, r report.KataResult) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if r.Status != report.Graded || !r.Complete() {
		delete(c.Entries, id)
		return
	}
	c.Entries[id] = Entry{Key: key, Result: r}
}

// Save writes the cache to disk.
func (c *Cache) Save() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	if err := os.MkdirAll(filepath.Dir(c.path), 0o755); err != nil {
		return err
	}
	data, err := json.MarshalIndent(c, "", "  ")
	if err != nil {
		return err
	}
	tmp := c.path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp, c.path)
}

// Key returns a key for parts: the SHA-256 of each part's length and bytes,
// so that no two different lists of parts share a key.
func Key(parts ...[]byte) string {
	h := sha256.New()
	for _, p := range parts {
		var n [8]byte
		binary.BigEndian.PutUint64(n[:], uint64(len(p)))
		h.Write(n[:])
		h.Write(p)
	}
	return hex.EncodeToString(h.Sum(nil))
}
