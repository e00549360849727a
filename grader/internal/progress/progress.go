// Package progress remembers a student's grading history between runs, in a
// small JSON file inside the repository (.deli/progress.json, ignored by git):
// the last and best points of each kata, and which of its hints were shown.
package progress

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"time"
)

// File is where the history lives, relative to the repository root.
const File = ".deli/progress.json"

// History is what the grader remembers of one kata across gradings.
type History struct {
	Last      int       `json:"last"`                 // points at the last grading
	Best      int       `json:"best"`                 // the most points ever
	Attempts  int       `json:"attempts"`             // gradings that were not complete
	GradedAt  time.Time `json:"graded_at"`            // when it was last graded
	Completed bool      `json:"completed"`            // it once earned every point
	HintsSeen []int     `json:"hints_seen,omitempty"` // indexes of the kata's hints already shown
}

// Progress is the whole history, by kata id.
type Progress struct {
	Katas map[string]*History `json:"katas"`
}

// Load reads the history under root; a missing or unreadable file is a fresh start.
func Load(root string) *Progress {
	p := &Progress{Katas: map[string]*History{}}
	data, err := os.ReadFile(filepath.Join(root, File))
	if err != nil {
		return p
	}
	if json.Unmarshal(data, p) != nil || p.Katas == nil {
		return &Progress{Katas: map[string]*History{}}
	}
	return p
}

// Save writes the history under root.
func (p *Progress) Save(root string) error {
	path := filepath.Join(root, File)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil && !errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("saving progress: %w", err)
	}
	data, err := json.MarshalIndent(p, "", "  ")
	if err != nil {
		return err
	}
	return os.WriteFile(path, append(data, '\n'), 0o644)
}

// Seen returns the indexes of kata id's hints already shown.
func (p *Progress) Seen(id string) []int {
	if k, ok := p.Katas[id]; ok {
		return k.HintsSeen
	}
	return nil
}

// Show notes that hint i of kata id was shown.
func (p *Progress) Show(id string, i int) {
	k, ok := p.Katas[id]
	if !ok {
		k = &History{Last: -1}
		p.Katas[id] = k
	}
	if !slices.Contains(k.HintsSeen, i) {
		k.HintsSeen = append(k.HintsSeen, i)
	}
}

// Record notes a grading of kata id and returns the points it had before
// (-1 if it was never graded) and how many earlier gradings were not complete,
// which is how many hints beyond the first the student has earned.
func (p *Progress) Record(id string, points, maxPoints int, now time.Time) (before, attempts int) {
	k, ok := p.Katas[id]
	if !ok {
		k = &History{Last: -1}
		p.Katas[id] = k
	}
	before, attempts = k.Last, k.Attempts
	k.Last = points
	k.Best = max(k.Best, points)
	k.GradedAt = now
	if points == maxPoints {
		k.Completed = true
	} else {
		k.Attempts++
	}
	return before, attempts
}
