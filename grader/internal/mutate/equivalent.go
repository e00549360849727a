package mutate

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"regexp"
	"strings"
)

// EquivalentFile returns where kata's equivalent mutants are recorded,
// relative to the repository, with forward slashes.
func EquivalentFile(kata string) string {
	return path.Join("solutions", kata, "mutants", "equivalent.txt")
}

// An Equivalence records a mutant that no test keeping to the kata's
// contract can kill: it cannot change what the solution does, or it changes
// only what the contract leaves open. In equivalent.txt it is one line:
//
//	ID FINGERPRINT REASON
//
// for example
//
//	buffer-more@L34 f76ad709 the buffer already holds every answer; one more slot is never used
//
// Blank lines and lines starting with # are ignored.
type Equivalence struct {
	ID          string
	Fingerprint string
	Reason      string
	Line        int // its line in the file
}

var (
	idPattern          = regexp.MustCompile(`^([a-z]+(?:-[a-z]+)*)@L[1-9][0-9]*(?:#[2-9]|#[1-9][0-9]+)?$`)
	fingerprintPattern = regexp.MustCompile(`^[0-9a-f]{8}$`)
)

// ParseEquivalences reads the lines of an equivalent.txt; name, the file's
// name, starts every error.
func ParseEquivalences(r io.Reader, name string) ([]Equivalence, error) {
	known := map[string]bool{}
	for _, op := range operators {
		known[op.Name] = true
	}
	var es []Equivalence
	var errs []error
	seen := map[string]int{}
	s := bufio.NewScanner(r)
	for n := 1; s.Scan(); n++ {
		line := strings.TrimSpace(s.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, rest, _ := strings.Cut(line, " ")
		fp, reason, _ := strings.Cut(strings.TrimSpace(rest), " ")
		reason = strings.TrimSpace(reason)
		bad := func(format string, args ...any) {
			errs = append(errs, fmt.Errorf("%s:%d: %s; a line reads `ID FINGERPRINT REASON`, as grader mutate prints it for a survivor",
				name, n, fmt.Sprintf(format, args...)))
		}
		m := idPattern.FindStringSubmatch(id)
		switch {
		case m == nil:
			bad("%q is not a mutant ID like drop-lock@L42", id)
		case !known[m[1]]:
			bad("%q names no operator (grader mutate --help lists them)", m[1])
		case !fingerprintPattern.MatchString(fp):
			bad("%q is not a fingerprint (eight hexadecimal digits)", fp)
		case reason == "":
			bad("%s has no reason: say in a few words why no test keeping to the contract can kill it", id)
		case seen[id] > 0:
			bad("%s is recorded again (first on line %d)", id, seen[id])
		default:
			seen[id] = n
			es = append(es, Equivalence{ID: id, Fingerprint: fp, Reason: reason, Line: n})
		}
	}
	if err := s.Err(); err != nil {
		errs = append(errs, fmt.Errorf("%s: %w", name, err))
	}
	return es, errors.Join(errs...)
}

// ReadEquivalences reads the equivalent.txt at path; a missing file records
// nothing. name is how errors call the file.
func ReadEquivalences(path, name string) ([]Equivalence, error) {
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ParseEquivalences(f, name)
}

// MatchEquivalences finds the mutant each recorded equivalence is about,
// among all the mutants of the solution. An entry matches the mutant with
// its ID and fingerprint; failing that, the one mutant with its
// fingerprint, which lines added or removed above it have moved (a note
// says so). An entry that matches no mutant is stale: the code it judged
// has changed, and it is a problem. name is the file's name in messages.
func MatchEquivalences(es []Equivalence, ms []Mutant, name string) (matched map[string]Equivalence, notes, problems []string) {
	matched = map[string]Equivalence{}
	byID := map[string]Mutant{}
	byFingerprint := map[string][]Mutant{}
	for _, m := range ms {
		byID[m.ID] = m
		byFingerprint[m.Fingerprint] = append(byFingerprint[m.Fingerprint], m)
	}
	var moved []Equivalence
	for _, e := range es {
		if m, ok := byID[e.ID]; ok && m.Fingerprint == e.Fingerprint {
			matched[m.ID] = e
		} else {
			moved = append(moved, e)
		}
	}
	for _, e := range moved {
		var candidates []Mutant
		for _, m := range byFingerprint[e.Fingerprint] {
			if _, taken := matched[m.ID]; !taken {
				candidates = append(candidates, m)
			}
		}
		switch {
		case len(candidates) == 1:
			m := candidates[0]
			matched[m.ID] = e
			notes = append(notes, fmt.Sprintf("%s:%d: %s is now %s (the code moved): write %s %s on that line",
				name, e.Line, e.ID, m.ID, m.ID, m.Fingerprint))
		case byID[e.ID].ID != "":
			problems = append(problems, fmt.Sprintf("%s:%d: %s %s is stale: that mutant now changes other code (fingerprint %s); "+
				"judge it again, then update or remove the line", name, e.Line, e.ID, e.Fingerprint, byID[e.ID].Fingerprint))
		default:
			problems = append(problems, fmt.Sprintf("%s:%d: %s %s is stale: the solution has no such mutant any more; remove the line",
				name, e.Line, e.ID, e.Fingerprint))
		}
	}
	return matched, notes, problems
}
