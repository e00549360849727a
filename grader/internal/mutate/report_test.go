package mutate

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
)

// reported is a fixed set of results with one of everything.
func reported() []Kata {
	// Every mutant has the same diff: what it is matters less here than
	// where it is printed.
	mutant := func(id, op, fn, desc string) Mutant {
		diff := "--- solutions/03-mutex/mutex.go\n+++ solutions/03-mutex/mutex.go (" + id + ")\n@@ -56,4 +56,2 @@\n \ta := l.open(account)\n-\ta.mu.Lock()\n-\tdefer a.mu.Unlock()\n \ta.cents += cents\n"
		return Mutant{ID: id, Operator: op, Line: 58, Func: fn, Description: desc, Fingerprint: "6d168d2b", Diff: diff}
	}
	return []Kata{
		{ID: "03-mutex", File: "solutions/03-mutex/mutex.go", Mutants: 6, Results: []Result{
			{Mutant: mutant("drop-lock@L42", "drop-lock", "Ledger.open", "no l.mu.Lock(), nor the Unlock on L43"),
				Status: Killed, Dimension: Race, Test: "TestCorrectMoney", Detail: "data race at mutex.go:47", Seconds: 4.8},
			{Mutant: mutant("drop-lock@L58", "drop-lock", "Ledger.Deposit", "no a.mu.Lock(), nor the Unlock on L59"),
				Status: Survived, Seconds: 6.3},
			{Mutant: mutant("swap-locks@L90", "swap-locks", "lockPair", "takes b.mu before a.mu"),
				Status: TimedOut, Dimension: catalog.Timing, Test: "TestTimingOpposite", Detail: "stopped at the run's time limit", Seconds: 21},
			{Mutant: mutant("drop-lock@L100", "drop-lock", "Ledger.Balance", "no l.mu.Lock(), nor the Unlock on L102"),
				Status: Equivalent, Detail: "the map is only read here", Seconds: 5},
			{Mutant: mutant("drop-close@L73", "drop-close", "Broker.Close", "no close(ch)"),
				Status: NotCompiled, Detail: "pubsub.go:72:6: declared and not used: ch"},
		}, Problems: []string{"solutions/03-mutex/mutants/equivalent.txt:4: drop-wait@L40 eeeeeeee is stale"},
			Notes: []string{"solutions/03-mutex/mutants/equivalent.txt:2: drop-lock@L99 is now drop-lock@L100 (the code moved)"}},
		{ID: "21-crawler", File: "solutions/21-crawler/crawler.go", Mutants: 2,
			Err: "the solution fails its own suite (TestCorrectX: failed), so its mutants cannot be judged"},
	}
}

func TestWriteTable(t *testing.T) {
	for _, verbose := range []bool{false, true} {
		name := "report/table.golden"
		if verbose {
			name = "report/table-verbose.golden"
		}
		t.Run(name+" shows the counts, the score, each survivor's diff and the equivalent files' problems", func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteTable(&b, reported(), verbose))
			golden(t, name, b.String())
		})
	}
}

func TestWriteList(t *testing.T) {
	for _, diffs := range []bool{false, true} {
		name := "report/list.golden"
		if diffs {
			name = "report/list-diffs.golden"
		}
		t.Run(name+" lists each mutant once, with its fingerprint", func(t *testing.T) {
			var b bytes.Buffer
			require.NoError(t, WriteList(&b, reported()[:1], diffs))
			golden(t, name, b.String())
		})
	}
}

func TestWriteJSON(t *testing.T) {
	var b bytes.Buffer
	require.NoError(t, WriteJSON(&b, reported(), Meta{GoVersion: "go1.26", CPUs: 2, Jobs: 2}))
	golden(t, "report/report.json.golden", b.String())
	var doc struct {
		Schema string
		Total  struct {
			Score *float64
		}
	}
	require.NoError(t, json.Unmarshal(b.Bytes(), &doc))
	assert.Equal(t, Schema, doc.Schema)
	require.NotNil(t, doc.Total.Score)
	assert.Equal(t, 66.7, *doc.Total.Score, "killed and timed out (2) out of killed, timed out and survived (3)")
}
