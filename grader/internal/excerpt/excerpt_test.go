package excerpt

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden with the current excerpts")

// Each testdata/NAME.txt is the output of one failing test, recorded from a
// grading of a mutant (docs in testdata/README.md); NAME.golden is its excerpt.
var stubs = map[string]string{
	"goroutines-todo-panic":            "02-goroutines/goroutines.go",
	"hedge-goleak-and-deadlock":        "15-hedge/hedge.go",
	"mutex-concurrent-map-fatal":       "03-mutex/mutex.go",
	"mutex-data-race":                  "03-mutex/mutex.go",
	"mutex-stuck-on-locks":             "03-mutex/mutex.go",
	"parallelmap-blocked-after-test":   "09-parallelmap/parallelmap.go",
	"philosophers-lock-order-deadlock": "07-philosophers/philosophers.go",
	"pipeline-subtests-fail-alike":     "04-pipeline/pipeline.go",
	"pipeline-two-assertions":          "04-pipeline/pipeline.go",
	"sequential-endless-loop":          "01-sequential/sequential.go",
}

func TestExcerptsMatchTheirGoldenFiles(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("testdata", "*.txt"))
	require.NoError(t, err)
	require.Len(t, files, len(stubs), "every recorded output has a stub in the table")
	for _, f := range files {
		name := strings.TrimSuffix(filepath.Base(f), ".txt")
		t.Run(name, func(t *testing.T) {
			stub, ok := stubs[name]
			require.True(t, ok)
			output, err := os.ReadFile(f)
			require.NoError(t, err)
			got := Of(string(output), stub) + "\n"
			golden := strings.TrimSuffix(f, ".txt") + ".golden"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "go test -update creates it")
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("excerpt differs (-golden +now):\n%s", diff)
			}
		})
	}
}

func TestExcerptPutsTheStudentsLineFirstAndDropsTheRuntime(t *testing.T) {
	for name, stub := range stubs {
		output, err := os.ReadFile(filepath.Join("testdata", name+".txt"))
		require.NoError(t, err)
		got := Of(string(output), stub)
		t.Run(name, func(t *testing.T) {
			assert.NotContains(t, got, "/usr/local/go/src", "no standard-library frames")
			assert.NotContains(t, got, "katatest", "no harness frames")
			assert.NotContains(t, got, "+0x", "no program counters")
			assert.Less(t, strings.Count(got, "\n"), 15, "an excerpt is short")
			if strings.Contains(string(output), "/"+stub+":") {
				assert.Contains(t, got, filepath.Base(stub)+":", "the student's own file and line")
			}
		})
	}
}

func TestBlockedGoroutinesAreSaidInWords(t *testing.T) {
	for state, want := range map[string]string{
		"chan send (durable), synctest bubble 1": "blocked sending on a channel nobody receives from",
		"chan receive, 5 minutes":                "blocked receiving from a channel nobody sends on or closes",
		"chan receive (nil chan)":                "blocked forever on a nil channel",
		"select (durable)":                       "blocked in a select where no case can go on",
		"sync.WaitGroup.Wait":                    "waiting on a WaitGroup whose counter never reaches zero",
		"sync.Mutex.Lock, synctest bubble 19":    "waiting for a lock that is never released",
		"sync.RWMutex.RLock":                     "waiting for a lock that is never released",
		"sync.Cond.Wait":                         "waiting on a Cond nobody signals",
		"running":                                "running (a loop that never blocks?)",
	} {
		assert.Equal(t, want, waitingOn(state), state)
	}
}

func TestOutputItCannotReadComesBackAsItWas(t *testing.T) {
	assert.Equal(t, "got 3, want 4", Of("  got 3, want 4\n", "a/b.go"))
	assert.Equal(t, "", Of("", "a/b.go"))
}
