package mutate

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files with what the code produces now")

// golden compares got with the file testdata/name, or rewrites the file
// with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
		return
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "no golden file: run go test ./grader/internal/mutate -update")
	assert.Equal(t, string(want), got, "%s differs: if the change is right, run go test ./grader/internal/mutate -update", path)
}

// generated returns the mutants of a snippet in testdata/operators.
func generated(t *testing.T, snippet string) []Mutant {
	t.Helper()
	name := "testdata/operators/" + snippet
	src, err := os.ReadFile(name)
	require.NoError(t, err)
	ms, err := Generate(name, src)
	require.NoError(t, err)
	return ms
}

func idsOf(ms []Mutant, op string) []string {
	var ids []string
	for _, m := range ms {
		if op == "" || m.Operator == op {
			ids = append(ids, m.ID)
		}
	}
	return ids
}

func TestOperators(t *testing.T) {
	cases := []struct {
		name    string
		snippet string
		op      string
		want    []string
	}{
		{"drop-lock drops a Lock with every Unlock up to the next Lock, closures included, and leaves a Lock without a called Unlock alone",
			"locks.go", "drop-lock", []string{"drop-lock@L18", "drop-lock@L25", "drop-lock@L31", "drop-lock@L32", "drop-lock@L40", "drop-lock@L42"}},
		{"drop-lock finds deferred Unlocks", "cond.go", "drop-lock", []string{"drop-lock@L12"}},
		{"drop-rlock drops an RLock with its RUnlock", "locks.go", "drop-rlock", []string{"drop-rlock@L12"}},
		{"swap-locks swaps nested acquisitions only, not a lock taken after the first was released",
			"locks.go", "swap-locks", []string{"swap-locks@L31"}},
		{"drop-wait drops a WaitGroup's Wait and no other type's", "waitgroup.go", "drop-wait", []string{"drop-wait@L14", "drop-wait@L23"}},
		{"add-in-goroutine moves an Add right before a go statement, and rewrites wg.Go, but leaves an Add far from its go alone",
			"waitgroup.go", "add-in-goroutine", []string{"add-in-goroutine@L8", "add-in-goroutine@L20", "add-in-goroutine@L22"}},
		{"go-to-call inlines go statements and wg.Go calls", "waitgroup.go", "go-to-call",
			[]string{"go-to-call@L9", "go-to-call@L20", "go-to-call@L22", "go-to-call@L31"}},
		{"wait-if turns only a for with a bare condition around a Cond's Wait into an if", "cond.go", "wait-if", []string{"wait-if@L14"}},
		{"buffer-one buffers unbuffered and zero-buffered channels that may be sent on, not those only closed",
			"channels.go", "buffer-one", []string{"buffer-one@L17", "buffer-one@L26"}},
		{"buffer-more grows buffered channels, a literal size as a literal", "channels.go", "buffer-more", []string{"buffer-more@L9", "buffer-more@L22"}},
		{"buffer-none unbuffers buffered channels", "channels.go", "buffer-none", []string{"buffer-none@L9", "buffer-none@L22"}},
		{"buffer operators change a channel sent on in a select", "close.go", "buffer-one", []string{"buffer-one@L6"}},
		{"drop-close drops close statements, deferred or not", "close.go", "drop-close", []string{"drop-close@L8", "drop-close@L22"}},
		{"drop-close drops the close of a channel that is only closed", "channels.go", "drop-close", []string{"drop-close@L13", "drop-close@L30"}},
		{"drop-cancel drops a deferred context.CancelFunc and no other deferred call", "close.go", "drop-cancel", []string{"drop-cancel@L28"}},
		{"drop-done-case removes every select case receiving from a Done channel", "close.go", "drop-done-case",
			[]string{"drop-done-case@L12", "drop-done-case@L34"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, idsOf(generated(t, tc.snippet), tc.op))
		})
	}
}

// TestOperatorsGolden records every mutant of every snippet, diff and all.
func TestOperatorsGolden(t *testing.T) {
	snippets, err := filepath.Glob("testdata/operators/*.go")
	require.NoError(t, err)
	for _, path := range snippets {
		snippet := filepath.Base(path)
		t.Run(snippet+" mutates as its golden file shows", func(t *testing.T) {
			var b strings.Builder
			for _, m := range generated(t, snippet) {
				fmt.Fprintf(&b, "== %s in %s: %s [%s]\n", m.ID, m.Func, m.Description, m.Fingerprint)
				if m.CompileError != "" {
					fmt.Fprintf(&b, "does not compile: %s\n", m.CompileError)
				}
				b.WriteString(m.Diff)
			}
			golden(t, "operators/"+strings.TrimSuffix(snippet, ".go")+".golden", b.String())
		})
	}
}

func TestEveryOperatorIsTestedOnASnippet(t *testing.T) {
	tested := map[string]bool{}
	for _, s := range []string{"locks.go", "waitgroup.go", "cond.go", "channels.go", "close.go"} {
		for _, m := range generated(t, s) {
			tested[m.Operator] = true
		}
	}
	for _, op := range Operators() {
		assert.True(t, tested[op.Name], "no snippet in testdata/operators has a mutant of %s", op.Name)
	}
}

func TestGenerate(t *testing.T) {
	const src = `package p

import "sync"

var mu sync.Mutex

func f(a, b chan int) {
	close(a); close(b)
	mu.Lock()
	defer mu.Unlock()
}
`
	t.Run("two mutants of one operator on one line are told apart by #2", func(t *testing.T) {
		ms, err := Generate("f.go", []byte(src))
		require.NoError(t, err)
		assert.Equal(t, []string{"drop-close@L8", "drop-close@L8#2", "drop-lock@L9"}, idsOf(ms, ""))
	})
	t.Run("the same source gives the same mutants, in the same order", func(t *testing.T) {
		a, err := Generate("f.go", []byte(src))
		require.NoError(t, err)
		b, err := Generate("f.go", []byte(src))
		require.NoError(t, err)
		assert.Equal(t, a, b)
	})
	t.Run("lines added above move a mutant's ID but keep its fingerprint", func(t *testing.T) {
		a, err := Generate("f.go", []byte(src))
		require.NoError(t, err)
		b, err := Generate("f.go", []byte(strings.Replace(src, "var mu", "// the lock\n\nvar mu", 1)))
		require.NoError(t, err)
		require.Len(t, b, len(a))
		for i := range a {
			assert.Equal(t, a[i].Fingerprint, b[i].Fingerprint, "%s and %s", a[i].ID, b[i].ID)
			assert.Equal(t, a[i].Line+2, b[i].Line)
		}
	})
	t.Run("a different change has a different fingerprint", func(t *testing.T) {
		a, err := Generate("f.go", []byte(src))
		require.NoError(t, err)
		b, err := Generate("f.go", []byte(strings.Replace(src, "defer mu.Unlock()", "defer func() { mu.Unlock() }()", 1)))
		require.NoError(t, err)
		assert.NotEqual(t, a[2].Fingerprint, b[2].Fingerprint)
	})
	t.Run("drop-close leaves _ = ch where dropping close(ch) would leave ch unused", func(t *testing.T) {
		ms, err := Generate("g.go", []byte("package p\n\nfunc g(chs []chan int) {\n\tfor _, ch := range chs {\n\t\tclose(ch)\n\t}\n}\n"))
		require.NoError(t, err)
		require.Len(t, ms, 1)
		assert.Contains(t, string(ms[0].Source), "_ = ch")
		assert.Empty(t, ms[0].CompileError)
	})
	t.Run("a mutant that does not type-check says why", func(t *testing.T) {
		ms, err := Generate("g.go", []byte(`package p

import "context"

func g(ctx context.Context, c chan int) int {
	n := 1
	select {
	case <-c:
		return 0
	case <-ctx.Done():
		return n
	}
}
`))
		require.NoError(t, err)
		require.Len(t, ms, 1)
		assert.Equal(t, "g.go:6:2: declared and not used: n", ms[0].CompileError)
	})
	t.Run("source that does not type-check is refused", func(t *testing.T) {
		_, err := Generate("bad.go", []byte("package p\n\nfunc f() { undefined() }\n"))
		assert.ErrorContains(t, err, "bad.go does not type-check")
	})
}

// TestEveryShippedSolutionMutates guards the course: each reference solution
// type-checks on its own and yields mutants (01-sequential has no concurrency).
func TestEveryShippedSolutionMutates(t *testing.T) {
	files, err := filepath.Glob("../../../solutions/*/[a-z]*.go")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, path := range files {
		t.Run(filepath.Base(filepath.Dir(path)), func(t *testing.T) {
			src, err := os.ReadFile(path)
			require.NoError(t, err)
			ms, err := Generate(path, src)
			require.NoError(t, err)
			if !strings.Contains(path, "01-sequential") {
				assert.NotEmpty(t, ms)
			}
		})
	}
}
