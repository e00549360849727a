package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
)

// A journal keeps each graded submission of a batch as soon as it is graded:
// one JSON line per submission after a first line naming the katas graded.
// A batch that is killed keeps what it finished, and --resume grades only the
// rest. A batch that completes removes its journal.
type journal struct {
	path string
	f    *os.File
	done map[string]Submission // by submission folder
}

type journalHeader struct {
	Schema string   `json:"schema"`
	Katas  []string `json:"katas"`
}

// openJournal opens the journal at path for a batch of katas. With resume it
// reads the submissions already graded; without, an existing journal that
// holds any is an error, so that an earlier batch's work is never lost.
func openJournal(path string, katas []string, resume bool) (*journal, error) {
	j := &journal{path: path, done: map[string]Submission{}}
	data, err := os.ReadFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		if resume {
			return nil, fmt.Errorf("--resume: there is no journal %s to resume", path)
		}
	case err != nil:
		return nil, err
	case !resume && len(data) > 0:
		return nil, fmt.Errorf("the journal %s of an earlier batch exists: pass --resume to finish that batch, or remove the file to start again", path)
	default:
		if err := j.read(data, katas); err != nil {
			return nil, err
		}
	}
	j.f, err = os.OpenFile(path, os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("cannot write the batch journal: %w", err)
	}
	if len(j.done) == 0 {
		if err := j.f.Truncate(0); err != nil {
			return nil, err
		}
		if err := j.append(journalHeader{Schema: BatchSchema, Katas: katas}); err != nil {
			return nil, err
		}
	}
	return j, nil
}

func (j *journal) read(data []byte, katas []string) error {
	s := bufio.NewScanner(bytes.NewReader(data))
	s.Buffer(nil, 64<<20)
	var header journalHeader
	if !s.Scan() || json.Unmarshal(s.Bytes(), &header) != nil || header.Schema != BatchSchema {
		return fmt.Errorf("%s is not a batch journal (%s)", j.path, BatchSchema)
	}
	if !slices.Equal(header.Katas, katas) {
		return fmt.Errorf("--resume: the journal %s graded katas %v, not %v: resume with the same --katas", j.path, header.Katas, katas)
	}
	for s.Scan() {
		var sub Submission
		if err := json.Unmarshal(s.Bytes(), &sub); err != nil {
			break // a line cut short when the grader was killed: grade that one again
		}
		j.done[sub.Dir] = sub
	}
	return nil
}

// Graded returns the journal's result for the submission in dir, if any.
func (j *journal) Graded(dir string) (Submission, bool) {
	s, ok := j.done[dir]
	return s, ok
}

// Record appends a graded submission and flushes it to disk.
func (j *journal) Record(s Submission) error { return j.append(s) }

func (j *journal) append(v any) error {
	line, err := json.Marshal(v)
	if err != nil {
		return err
	}
	if _, err := j.f.Write(append(line, '\n')); err != nil {
		return fmt.Errorf("writing the batch journal: %w", err)
	}
	return j.f.Sync()
}

// Finish closes the journal and, once the batch is complete, removes it.
func (j *journal) Finish(complete bool) error {
	err := j.f.Close()
	if complete && err == nil {
		err = os.Remove(j.path)
	}
	return err
}
