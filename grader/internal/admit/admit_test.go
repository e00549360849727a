package admit

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
)

// The course's own code must be admitted: every stub, solution and mutant.
func TestEveryShippedFileIsAdmitted(t *testing.T) {
	root := filepath.Join("..", "..", "..")
	for _, k := range catalog.All() {
		files := []string{
			filepath.Join(root, "exercises", k.ID, k.StubFile()),
			filepath.Join(root, "solutions", k.ID, k.StubFile()),
		}
		mutants, err := filepath.Glob(filepath.Join(root, "solutions", k.ID, "mutants", "*", k.StubFile()))
		require.NoError(t, err)
		for _, f := range append(files, mutants...) {
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			assert.NoError(t, Kata(k, f, src, filepath.Join(root, "exercises", k.ID)), f)
		}
	}
}

func TestFileRefusesWhatACheatWouldUse(t *testing.T) {
	k, ok := catalog.Lookup("08-primes")
	require.True(t, ok)
	cases := []struct {
		name, src, want string
	}{
		{"unsafe", `import "unsafe"
var _ = unsafe.Pointer(nil)`, `imports "unsafe"`},
		{"os", `import "os"
func f() { os.Args = nil }`, `imports "os"`},
		{"testing", `import "testing"`, `imports "testing"`},
		{"flag", `import "flag"`, `imports "flag"`},
		{"reflect", `import "reflect"`, `imports "reflect"`},
		{"syscall", `import "syscall"`, `imports "syscall"`},
		{"runtime/debug", `import "runtime/debug"`, `imports "runtime/debug"`},
		{"cgo", `import "C"`, `imports "C"`},
		{"a module outside the standard library", `import "golang.org/x/sync/errgroup"`, `imports "golang.org/x/sync/errgroup"`},
		{"linkname", `import _ "sync"
//go:linkname f testing.(*common).Fail
func f()`, "//go:linkname"},
		{"a line directive", "//line other.go:1\nfunc f() {}", "//line"},
		{"init", `func init() {}`, "init function"},
		{"a package-level call", `var x = spin()
func spin() int { return 0 }`, "package-level variable initialised by a call"},
		{"a called function literal", `var x = func() int { return 0 }()`, "package-level variable initialised by a call"},
		{"a finalizer", `import "runtime"
func f(p *int) { runtime.SetFinalizer(p, nil) }`, "runtime.SetFinalizer is not allowed"},
		{"a finalizer through an alias", `import rt "runtime"
func f(p *int) { rt.SetFinalizer(p, nil) }`, "runtime.SetFinalizer is not allowed"},
		{"a timer callback", `import "time"
func f() { time.AfterFunc(time.Second, func() {}) }`, "time.AfterFunc is not allowed"},
		{"a dot import", `import . "time"
func f() { AfterFunc(Second, func() {}) }`, "dot import"},
	}
	for _, tc := range cases {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "primes.go")
			require.NoError(t, os.WriteFile(path, []byte("package primes\n\n"+tc.src+"\n"), 0o644))
			problems := File(path, k.AdmissionRules())
			require.NotEmpty(t, problems)
			assert.Contains(t, problems[0].String(), tc.want)
			assert.Contains(t, problems[0].String(), path+":", "names the file and the line")
		})
	}
}

func TestFileAdmitsOrdinaryCode(t *testing.T) {
	k, ok := catalog.Lookup("08-primes")
	require.True(t, ok)
	src := `package primes

import (
	"errors"
	"runtime"
	"sync"
	"time"
)

//go:build !nothing

var ErrNone = errors.New("none")
var table = []int{2, 3, 5}
var later = func() int { return len(table) }

func f(runtime int) int { return runtime } // a local named like a package
func g() int {
	var wg sync.WaitGroup
	wg.Wait()
	time.Sleep(time.Millisecond)
	return runtime.NumCPU() + runtime.GOMAXPROCS(0)
}
`
	path := filepath.Join(t.TempDir(), "primes.go")
	require.NoError(t, os.WriteFile(path, []byte(src), 0o644))
	assert.Empty(t, File(path, k.AdmissionRules()))
}

func TestKataAllowsWhatItsEntryAdds(t *testing.T) {
	k, ok := catalog.Lookup("05-rail")
	require.True(t, ok)
	path := filepath.Join(t.TempDir(), "rail.go")
	require.NoError(t, os.WriteFile(path, []byte("package rail\n\nimport \"context\"\n\nvar _ = context.AfterFunc\n"), 0o644))
	assert.Empty(t, File(path, k.AdmissionRules()))
}

func TestFolderRefusesSourceFilesTheCatalogDoesNotName(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"primes.go", "primes_test.go", "README.md", "notes.txt", "extra_test.go", "asm_amd64.s", "blob.syso"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), nil, 0o644))
	}
	var refused []string
	for _, p := range Folder(dir, []string{"primes.go", "primes_test.go"}) {
		refused = append(refused, filepath.Base(p.File))
	}
	assert.ElementsMatch(t, []string{"extra_test.go", "asm_amd64.s", "blob.syso"}, refused)
}

// BenchmarkKata is the cost of admitting one kata's solution (docs/grader.md).
func BenchmarkKata(b *testing.B) {
	k, _ := catalog.Lookup("22-deli")
	root := filepath.Join("..", "..", "..")
	stub := filepath.Join(root, "solutions", k.ID, k.StubFile())
	folder := filepath.Join(root, "exercises", k.ID)
	src, err := os.ReadFile(stub)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := Kata(k, stub, src, folder); err != nil {
			b.Fatal(err)
		}
	}
}
