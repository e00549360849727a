package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/report"
	"github.com/deli-katas/deli/grader/internal/sandbox"
)

// buildBundle writes a bundle of this repository with gradescope-bundle and
// the given flags, and returns its path.
func buildBundle(t *testing.T, flags ...string) string {
	t.Helper()
	out := filepath.Join(t.TempDir(), "autograder.zip")
	var stdout, stderr bytes.Buffer
	args := append(append([]string{"gradescope-bundle", "--dir", ".."}, flags...), out)
	require.NoError(t, run(args, &stdout, &stderr), stderr.String())
	require.Contains(t, stdout.String(), "wrote "+out)
	return out
}

// unzip unpacks the zip at path into dir, keeping each file's mode.
func unzip(t *testing.T, path, dir string) {
	t.Helper()
	zr, err := zip.OpenReader(path)
	require.NoError(t, err)
	defer zr.Close()
	for _, f := range zr.File {
		full := filepath.Join(dir, filepath.FromSlash(f.Name))
		require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
		r, err := f.Open()
		require.NoError(t, err)
		data, err := io.ReadAll(r)
		r.Close()
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(full, data, f.Mode().Perm()))
	}
}

func TestEveryKataStubFileNameIsUniqueSoAFlatUploadIsUnambiguous(t *testing.T) {
	require.NoError(t, uniqueStubNames(catalog.All()))

	twins := []catalog.Kata{{ID: "08-primes"}, {ID: "30-primes"}}
	assert.ErrorContains(t, uniqueStubNames(twins), "08-primes and 30-primes both have a stub named primes.go")
}

func TestGradescopeBundleIsTheSameBytesEachTimeAndHoldsNoSolutions(t *testing.T) {
	first, second := buildBundle(t), buildBundle(t)
	a, err := os.ReadFile(first)
	require.NoError(t, err)
	b, err := os.ReadFile(second)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(a, b), "the same course gives the same bytes")

	zr, err := zip.NewReader(bytes.NewReader(a), int64(len(a)))
	require.NoError(t, err)
	names := map[string]*zip.File{}
	var order []string
	for _, f := range zr.File {
		names[f.Name] = f
		order = append(order, f.Name)
		assert.False(t, strings.HasPrefix(f.Name, "solutions/"), "%s: students must never get the reference solutions", f.Name)
		assert.False(t, strings.HasPrefix(f.Name, "docs/"), f.Name)
		assert.NotContains(t, strings.Split(f.Name, "/"), "testdata", f.Name)
		if strings.HasPrefix(f.Name, "grader/") {
			assert.False(t, strings.HasSuffix(f.Name, "_test.go"), "%s: the grader's own tests are not needed to grade", f.Name)
		}
		assert.True(t, f.Modified.Equal(bundleTime), "%s: every file has the same fixed time", f.Name)
	}
	assert.True(t, slices.IsSorted(order), "files are in sorted order")
	for _, script := range []string{"setup.sh", "run_autograder"} {
		require.Contains(t, names, script, "Gradescope needs it at the zip's root")
		assert.Equal(t, os.FileMode(0o755), names[script].Mode().Perm(), script)
	}
	for _, want := range []string{"go.mod", "go.sum", "grader/main.go", "grader/catalog/katas.toml", "grader/katatest/speedup.go"} {
		assert.Contains(t, names, want)
	}
	for _, k := range catalog.All() {
		assert.Contains(t, names, "exercises/"+k.ID+"/"+k.StubFile())
		assert.Contains(t, names, "exercises/"+k.ID+"/"+k.TestFile())
	}
}

func TestGradescopeScriptsAreValidBashAndCarryTheBundlesChoices(t *testing.T) {
	cases := []struct {
		name        string
		flags       []string
		graderFlags string // the line of run_autograder that holds them
	}{
		{"sandboxed by default", nil, "GRADER_FLAGS=()"},
		{"unsandboxed when asked", []string{"--unsandboxed"}, "GRADER_FLAGS=(--unsandboxed )"},
		{"with the grader's limits when given", []string{"--timeout", "90s", "--memory", "1024"},
			"GRADER_FLAGS=('--timeout=1m30s' '--memory=1024' )"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			unzip(t, buildBundle(t, c.flags...), dir)
			for _, script := range []string{"setup.sh", "run_autograder"} {
				out, err := exec.Command("bash", "-n", filepath.Join(dir, script)).CombinedOutput()
				assert.NoError(t, err, "%s: %s", script, out)
			}
			run, err := os.ReadFile(filepath.Join(dir, "run_autograder"))
			require.NoError(t, err)
			assert.Contains(t, string(run), "\n"+c.graderFlags+"\n")
			assert.Contains(t, string(run), "\n  08-primes/primes.go\n")
			setup, err := os.ReadFile(filepath.Join(dir, "setup.sh"))
			require.NoError(t, err)
			assert.Contains(t, string(setup), "\nGO_VERSION="+gradescopeGoVersion+"\n")
			assert.Contains(t, string(setup), "\nGO_SHA256="+gradescopeGoSHA256+"\n")
		})
	}
}

func TestGradescopeBundleRefusesABadGoPin(t *testing.T) {
	sum := strings.Repeat("ab", 32)
	cases := map[string]struct {
		flags []string
		want  string
	}{
		"a version without its sum":  {[]string{"--go-version", "1.27.0"}, "give --go-version and --go-sha256 together"},
		"a sum that is not SHA-256":  {[]string{"--go-version", "1.27.0", "--go-sha256", "abc"}, "64 lower-case hexadecimal digits"},
		"a version that is not Go's": {[]string{"--go-version", "latest", "--go-sha256", sum}, "want a Go release"},
		"a version older than go.mod's": {[]string{"--go-version", "1.24.0", "--go-sha256", sum},
			"older than the go 1.25 that go.mod asks for"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			err := run(append(append([]string{"gradescope-bundle", "--dir", ".."}, c.flags...), filepath.Join(t.TempDir(), "a.zip")), &stdout, &stderr)
			require.Error(t, err)
			assert.Equal(t, exitUsage, exitCode(err))
			assert.ErrorContains(t, err, c.want)
		})
	}
}

// courseFilesFor returns the bundle files of the real course, read from this
// repository, with edit applied.
func courseFilesFor(t *testing.T, edit func(map[string][]byte)) []bundleFile {
	t.Helper()
	files := map[string][]byte{}
	for _, name := range []string{"go.mod", "go.sum", "grader/main.go"} {
		files[name] = []byte(readRepoFile(t, name))
	}
	for _, k := range catalog.All() {
		for _, f := range []string{k.StubFile(), k.TestFile()} {
			name := "exercises/" + k.ID + "/" + f
			files[name] = []byte(readRepoFile(t, name))
		}
	}
	edit(files)
	var out []bundleFile
	for name, data := range files {
		out = append(out, bundleFile{name: name, data: data})
	}
	return out
}

func TestGradescopeBundleRefusesACourseItWouldGradeWrongly(t *testing.T) {
	cases := map[string]struct {
		edit func(map[string][]byte)
		want string
	}{
		"a complete course is taken": {func(map[string][]byte) {}, ""},
		"a solved stub, which would hand its answers to every upload that leaves the kata out": {
			func(f map[string][]byte) {
				f["exercises/01-sequential/sequential.go"] = []byte(readRepoFile(t, "solutions/01-sequential/sequential.go"))
			}, "exercises/01-sequential/sequential.go is not the shipped stub"},
		"a missing suite": {func(f map[string][]byte) { delete(f, "exercises/08-primes/primes_test.go") },
			"the course has no exercises/08-primes/primes_test.go"},
		"a missing go.sum": {func(f map[string][]byte) { delete(f, "go.sum") }, "the course has no go.sum"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			err := checkCourse(courseFilesFor(t, c.edit), catalog.All())
			if c.want == "" {
				assert.NoError(t, err)
			} else {
				assert.ErrorContains(t, err, c.want)
			}
		})
	}
}

func TestGradescopeBundleTakesTrackedFilesInGitAndWalksTheFoldersElsewhere(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	katas := []catalog.Kata{{ID: "01-sequential"}}
	course := []string{
		"go.mod", "go.sum", "grader/main.go", "grader/catalog/katas.toml",
		"exercises/01-sequential/README.md", "exercises/01-sequential/sequential.go", "exercises/01-sequential/sequential_test.go",
	}
	never := []string{
		"grader/main_test.go", "grader/testdata/hostile/x.go", "grader/internal/report/testdata/a.golden",
		"solutions/01-sequential/sequential.go", "docs/ci.md", "exercises/99-gone/gone.go", "Makefile",
	}
	cases := []struct {
		name      string
		git       bool
		untracked []string // files on disk that git does not track
		want      []string
	}{
		{"outside git, the folders are walked, without hidden files", false, []string{"grader/.notes.go", "exercises/01-sequential/.swp"}, course},
		{"in git, only tracked files are taken", true, []string{"grader/scratch.go", "exercises/01-sequential/answer.go"}, course},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for _, name := range slices.Concat(course, never, c.untracked) {
				full := filepath.Join(dir, filepath.FromSlash(name))
				require.NoError(t, os.MkdirAll(filepath.Dir(full), 0o755))
				require.NoError(t, os.WriteFile(full, []byte(name), 0o644))
			}
			if c.git {
				for _, args := range [][]string{{"init", "-q"}, append([]string{"add", "--"}, slices.Concat(course, never)...)} {
					out, err := exec.Command("git", append([]string{"-C", dir}, args...)...).CombinedOutput()
					require.NoError(t, err, "git %v: %s", args, out)
				}
			}
			got, err := courseFiles(dir, katas)
			require.NoError(t, err)
			want := slices.Clone(c.want)
			slices.Sort(want)
			assert.Equal(t, want, got)
		})
	}
}

// autograderRoot lays out a folder as Gradescope's /autograder is: the
// bundle unpacked in source/ (with grader, when not empty, as its
// bin/grader), an empty submission/ and results/. It returns the folder.
func autograderRoot(t *testing.T, bundle, grader string) string {
	t.Helper()
	root := t.TempDir()
	unzip(t, bundle, filepath.Join(root, "source"))
	for _, d := range []string{"submission", "results"} {
		require.NoError(t, os.MkdirAll(filepath.Join(root, d), 0o755))
	}
	if grader != "" {
		data, err := os.ReadFile(grader)
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Join(root, "source", "bin"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join(root, "source", "bin", "grader"), data, 0o755))
	}
	return root
}

// runAutograder runs root's run_autograder as Gradescope would (from a copy in
// root, in root), with PATH prefixed by pathFirst when set, and returns the
// results.json it left and its output.
func runAutograder(t *testing.T, root, pathFirst string) (report.GradescopeResults, string) {
	t.Helper()
	script := filepath.Join(root, "run_autograder")
	data, err := os.ReadFile(filepath.Join(root, "source", "run_autograder"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(script, data, 0o755))
	cmd := exec.Command(script)
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "AUTOGRADER_ROOT="+root)
	if pathFirst != "" {
		cmd.Env = append(cmd.Env, "PATH="+pathFirst+string(os.PathListSeparator)+os.Getenv("PATH"))
	}
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "run_autograder exits 0 whatever happened:\n%s", out)
	raw, err := os.ReadFile(filepath.Join(root, "results", "results.json"))
	require.NoError(t, err, "results.json is always written:\n%s", out)
	require.True(t, json.Valid(raw), "results.json is valid JSON:\n%s", raw)
	var results report.GradescopeResults
	require.NoError(t, json.Unmarshal(raw, &results))
	sum := 0.0
	for _, test := range results.Tests {
		sum += test.Score
	}
	assert.Equal(t, sum, results.Score, "the top-level score is the sum of the tests' scores")
	return results, string(out)
}

// courseStubs writes the course's stub of every kata into dir/exercises/, as
// a student's repository holds them before any work.
func courseStubs(t *testing.T, dir string) {
	t.Helper()
	for _, k := range catalog.All() {
		name := filepath.Join("exercises", k.ID, k.StubFile())
		makeSubmission(t, dir, ".", map[string]string{name: readRepoFile(t, name)})
	}
}

func TestRunAutograderAlwaysLeavesResultsThatSayWhatHappened(t *testing.T) {
	if testing.Short() {
		t.Skip("builds bundles and the grader, and grades kata 01 a few times; -short skips it")
	}
	_, noSandbox := sandbox.Detect()
	solved := readRepoFile(t, "solutions/01-sequential/sequential.go")
	// A bwrap that cannot start a sandbox, as in a container that refuses
	// the namespaces it needs.
	brokenBwrap := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(brokenBwrap, "bwrap"),
		[]byte("#!/bin/sh\necho 'bwrap: creating new namespace failed: Operation not permitted' >&2\nexit 1\n"), 0o755))
	grader := buildGrader(t)
	bundles := map[bool]string{false: buildBundle(t), true: buildBundle(t, "--unsandboxed")}

	cases := []struct {
		name        string
		unsandboxed bool   // the bundle was built with --unsandboxed
		fromBundle  bool   // no bin/grader: run_autograder builds it from the bundle
		pathFirst   string // put first in PATH
		needSandbox bool   // grading needs a sandbox that can start on this machine
		upload      func(t *testing.T, submission string)
		breakCourse func(t *testing.T, source string)
		score       float64
		says        []string // in results.json's output
	}{
		{
			name:        "a repository with kata 01 solved earns 01's points and nothing for katas not started",
			needSandbox: true,
			upload: func(t *testing.T, dir string) {
				courseStubs(t, dir)
				makeSubmission(t, dir, ".", map[string]string{"exercises/01-sequential/sequential.go": solved})
			},
			score: 10,
			says:  []string{"Deli: 10 of 220 points", "Not started (stub unchanged): 02-goroutines, 03-mutex"},
		},
		{
			name:        "the same file uploaded on its own earns the same, with a grader built from the bundle",
			fromBundle:  true,
			needSandbox: true,
			upload: func(t *testing.T, dir string) {
				makeSubmission(t, dir, ".", map[string]string{"sequential.go": solved, "notes.txt": "mine"})
			},
			score: 10,
			says:  []string{"Deli: 10 of 220 points", "Not started (stub unchanged): 02-goroutines, 03-mutex"},
		},
		{
			name:        "a repository uploaded inside one folder is found",
			needSandbox: true,
			upload:      func(t *testing.T, dir string) { courseStubs(t, filepath.Join(dir, "deli-main")) },
			score:       0,
			says:        []string{"Not started (stub unchanged): 01-sequential, 02-goroutines"},
		},
		{
			name:      "when the sandbox cannot start, the score is 0 and the instructor is told to rebuild the bundle unsandboxed",
			pathFirst: brokenBwrap,
			upload: func(t *testing.T, dir string) {
				makeSubmission(t, dir, ".", map[string]string{"sequential.go": solved})
			},
			score: 0,
			says: []string{"the sandbox that runs student code cannot start in this container",
				"grader gradescope-bundle --unsandboxed", "Operation not permitted", "not a grade of your work"},
		},
		{
			name:        "a bundle built unsandboxed grades where the sandbox cannot start",
			unsandboxed: true,
			pathFirst:   brokenBwrap,
			upload: func(t *testing.T, dir string) {
				makeSubmission(t, dir, ".", map[string]string{"sequential.go": solved})
			},
			score: 10,
			says:  []string{"Deli: 10 of 220 points"},
		},
		{
			name: "a broken course scores 0 and says the grader could not run and why",
			upload: func(t *testing.T, dir string) {
				makeSubmission(t, dir, ".", map[string]string{"sequential.go": solved})
			},
			breakCourse: func(t *testing.T, source string) {
				require.NoError(t, os.WriteFile(filepath.Join(source, "go.mod"), []byte("module example.com/other\n"), 0o644))
			},
			score: 0,
			says:  []string{"the grader could not run (exit status 2)", "is not a Deli repository", "upload it again"},
		},
		{
			name:       "a grader that cannot be built scores 0 and points at setup.sh",
			fromBundle: true,
			upload: func(t *testing.T, dir string) {
				makeSubmission(t, dir, ".", map[string]string{"sequential.go": solved})
			},
			breakCourse: func(t *testing.T, source string) {
				require.NoError(t, os.Remove(filepath.Join(source, "grader", "main.go")))
			},
			score: 0,
			says:  []string{"the grader is not installed and could not be built", "setup.sh"},
		},
		{
			name: "an upload with no file of the course scores 0 and says what to upload",
			upload: func(t *testing.T, dir string) {
				makeSubmission(t, dir, ".", map[string]string{"Sequential.go": solved})
			},
			score: 0,
			says:  []string{"the upload holds no file of the course", "sequential.go goroutines.go", "exercises/"},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel() // each has an autograder of its own, and none measures a speedup
			if c.needSandbox && noSandbox != nil {
				t.Skipf("grading needs a sandbox: %v", noSandbox)
			}
			prebuilt := grader
			if c.fromBundle {
				prebuilt = ""
			}
			root := autograderRoot(t, bundles[c.unsandboxed], prebuilt)
			c.upload(t, filepath.Join(root, "submission"))
			if c.breakCourse != nil {
				c.breakCourse(t, filepath.Join(root, "source"))
			}
			results, log := runAutograder(t, root, c.pathFirst)
			assert.Equal(t, c.score, results.Score, "%s\n%s", results.Output, log)
			for _, s := range c.says {
				assert.Contains(t, results.Output, s, log)
			}
			if c.score > 0 {
				for _, test := range results.Tests {
					if strings.HasPrefix(test.Name, "01-sequential ") {
						assert.Equal(t, "passed", test.Status, test.Name)
						assert.Equal(t, test.MaxScore, test.Score, test.Name)
					} else {
						assert.Zero(t, test.Score, test.Name)
					}
				}
			}
			if c.fromBundle && c.breakCourse == nil {
				assert.FileExists(t, filepath.Join(root, "source", "bin", "grader"),
					"the bundle holds all the grader needs to build (a new grader file must be tracked by git to be taken)")
			}
		})
	}
}
