package mutate

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseEquivalences(t *testing.T) {
	t.Run("reads ID, fingerprint and reason, skipping blank lines and comments", func(t *testing.T) {
		es, err := ParseEquivalences(strings.NewReader(
			"# equivalent mutants\n\nbuffer-more@L34 f76ad709 the buffer  already holds every answer\n  drop-close@L8#2 0123abcd  never read \n"), "eq.txt")
		require.NoError(t, err)
		assert.Equal(t, []Equivalence{
			{ID: "buffer-more@L34", Fingerprint: "f76ad709", Reason: "the buffer  already holds every answer", Line: 3},
			{ID: "drop-close@L8#2", Fingerprint: "0123abcd", Reason: "never read", Line: 4},
		}, es)
	})
	bad := []struct {
		name, line, want string
	}{
		{"a line without an ID like op@Lnn is refused", "drop-lock 0123abcd reason", `eq.txt:1: "drop-lock" is not a mutant ID`},
		{"an ID of an unknown operator is refused", "drop-everything@L3 0123abcd reason", `"drop-everything" names no operator`},
		{"a fingerprint that is not eight hex digits is refused", "drop-lock@L3 0123ABCD reason", `"0123ABCD" is not a fingerprint`},
		{"a line without a reason is refused", "drop-lock@L3 0123abcd", "drop-lock@L3 has no reason"},
		{"a mutant recorded twice is refused", "drop-lock@L3 0123abcd one\ndrop-lock@L3 0123abcd two", "eq.txt:2: drop-lock@L3 is recorded again (first on line 1)"},
	}
	for _, tc := range bad {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseEquivalences(strings.NewReader(tc.line+"\n"), "eq.txt")
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestReadEquivalencesOfAMissingFileRecordsNothing(t *testing.T) {
	es, err := ReadEquivalences(filepath.Join(t.TempDir(), "equivalent.txt"), "equivalent.txt")
	assert.NoError(t, err)
	assert.Empty(t, es)
	path := filepath.Join(t.TempDir(), "equivalent.txt")
	require.NoError(t, os.WriteFile(path, []byte("drop-lock@L3 0123abcd held anyway\n"), 0o644))
	es, err = ReadEquivalences(path, "equivalent.txt")
	assert.NoError(t, err)
	assert.Len(t, es, 1)
}

func TestMatchEquivalences(t *testing.T) {
	ms := []Mutant{
		{ID: "drop-lock@L5", Fingerprint: "aaaaaaaa"},
		{ID: "drop-close@L9", Fingerprint: "bbbbbbbb"},
		{ID: "drop-close@L12", Fingerprint: "cccccccc"},
	}
	cases := []struct {
		name          string
		entry         Equivalence
		matched       string
		note, problem string
	}{
		{name: "an entry matches the mutant with its ID and fingerprint",
			entry: Equivalence{ID: "drop-lock@L5", Fingerprint: "aaaaaaaa", Line: 1}, matched: "drop-lock@L5"},
		{name: "an entry whose mutant moved matches it by fingerprint, with a note to update the line",
			entry: Equivalence{ID: "drop-close@L7", Fingerprint: "bbbbbbbb", Line: 2}, matched: "drop-close@L9",
			note: "eq.txt:2: drop-close@L7 is now drop-close@L9 (the code moved): write drop-close@L9 bbbbbbbb on that line"},
		{name: "an entry whose ID now names another change is stale",
			entry:   Equivalence{ID: "drop-close@L12", Fingerprint: "dddddddd", Line: 3},
			problem: "eq.txt:3: drop-close@L12 dddddddd is stale: that mutant now changes other code (fingerprint cccccccc)"},
		{name: "an entry that matches nothing is stale",
			entry:   Equivalence{ID: "drop-wait@L40", Fingerprint: "eeeeeeee", Line: 4},
			problem: "eq.txt:4: drop-wait@L40 eeeeeeee is stale: the solution has no such mutant any more"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			matched, notes, problems := MatchEquivalences([]Equivalence{tc.entry}, ms, "eq.txt")
			if tc.matched != "" {
				assert.Equal(t, map[string]Equivalence{tc.matched: tc.entry}, matched)
			} else {
				assert.Empty(t, matched)
			}
			if tc.note != "" {
				require.Len(t, notes, 1)
				assert.Contains(t, notes[0], tc.note)
			} else {
				assert.Empty(t, notes)
			}
			if tc.problem != "" {
				require.Len(t, problems, 1)
				assert.Contains(t, problems[0], tc.problem)
			} else {
				assert.Empty(t, problems)
			}
		})
	}
	t.Run("a moved entry does not take a mutant another entry matches exactly", func(t *testing.T) {
		twins := []Mutant{{ID: "drop-close@L9", Fingerprint: "bbbbbbbb"}, {ID: "drop-close@L20", Fingerprint: "bbbbbbbb"}}
		es := []Equivalence{{ID: "drop-close@L3", Fingerprint: "bbbbbbbb", Line: 1}, {ID: "drop-close@L9", Fingerprint: "bbbbbbbb", Line: 2}}
		matched, notes, problems := MatchEquivalences(es, twins, "eq.txt")
		assert.Equal(t, "drop-close@L3", matched["drop-close@L20"].ID)
		assert.Equal(t, "drop-close@L9", matched["drop-close@L9"].ID)
		assert.Len(t, notes, 1)
		assert.Empty(t, problems)
	})
}
