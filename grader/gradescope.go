package main

import (
	"archive/zip"
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"errors"
	"fmt"
	"go/version"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"text/template"
	"time"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
)

// The Go release a Gradescope autograder installs: setup.sh downloads the
// official linux-amd64 archive of gradescopeGoVersion from https://go.dev/dl/
// and refuses it unless its SHA-256 is gradescopeGoSHA256. To move to a newer
// release, change both (https://go.dev/dl/?mode=json lists every archive's
// sum), or give gradescope-bundle --go-version and --go-sha256.
const (
	gradescopeGoVersion = "1.26.7"
	gradescopeGoSHA256  = "ffb5f8de10c62550dfddab66b36b57030721e0a44a3218e9e1181d7b59f121ca"
)

// gradescopeScripts are the bundle's two scripts, as templates filled in with
// a bundleScripts.
//
//go:embed gradescope/setup.sh gradescope/run_autograder
var gradescopeScripts embed.FS

// bundleTime is the modification time of every file in a bundle, so that the
// same course always gives the same bytes.
var bundleTime = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// bundleScripts is what the bundle's scripts are filled in with.
type bundleScripts struct {
	GoVersion   string   // "1.26.7"
	GoSHA256    string   // of go<GoVersion>.linux-amd64.tar.gz
	GraderFlags []string // shell-quoted flags run_autograder gives grader batch
	Stubs       []string // each kata's stub file, "01-sequential/sequential.go", in course order
	Unsandboxed bool
}

// gradingFlags are the flags of the grader that a bundle bakes into
// run_autograder when they are given to gradescope-bundle.
var gradingFlags = []string{"timeout", "speedup-timeout", "kata-timeout", "memory"}

func newGradescopeBundleCommand(common *commonFlags, stdout io.Writer) *cobra.Command {
	var goVersion, goSHA256 string
	cmd := &cobra.Command{
		Use:   "gradescope-bundle [flags] OUT.zip",
		Short: "Write the autograder zip of a Gradescope programming assignment",
		Long: `gradescope-bundle writes OUT.zip, an autograder to upload to a Gradescope
programming assignment: the course as the grader needs it (go.mod, go.sum, the
grader's sources, and each kata's README, stub and suite from exercises/; never
solutions/, docs/ or test data), setup.sh and run_autograder. Only files git
tracks are taken, from the repository on disk (outside a git checkout, the
folders are walked); the same course always gives the same bytes.

setup.sh installs bubblewrap and a pinned Go release (checked against its
SHA-256) and builds bin/grader once. run_autograder grades each upload with
"grader batch": a repository (exercises/NN-name/name.go) as it is, or the stub
files uploaded on their own, each put in its kata's folder. It always leaves a
valid results.json, with a score of 0 and the reason when grading cannot run.

--unsandboxed makes run_autograder grade without the bubblewrap sandbox, for a
Gradescope container where it cannot start (see docs/ci.md for the trade-off);
--timeout, --speedup-timeout, --kata-timeout and --memory, when given, are
passed on to the grader too.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			dir, err := findRepository(common.dir)
			if err != nil {
				return err
			}
			scripts := bundleScripts{GoVersion: goVersion, GoSHA256: goSHA256, Unsandboxed: common.unsandboxed}
			if err := checkGoPin(dir, cmd.Flags().Changed("go-version"), cmd.Flags().Changed("go-sha256"), scripts); err != nil {
				return err
			}
			if common.memoryMiB < 64 {
				return fmt.Errorf("--memory %d: give at least 64 MiB", common.memoryMiB)
			}
			for _, name := range gradingFlags {
				if f := cmd.Flags().Lookup(name); f != nil && f.Changed {
					scripts.GraderFlags = append(scripts.GraderFlags, shellQuote("--"+name+"="+f.Value.String()))
				}
			}
			if common.unsandboxed {
				scripts.GraderFlags = append(scripts.GraderFlags, "--unsandboxed")
			}
			files, err := gradescopeBundle(dir, scripts)
			if err != nil {
				return err
			}
			var size int
			err = writeFile(args[0], func(w io.Writer) error {
				cw := &countingWriter{w: w}
				err := writeZip(cw, files)
				size = cw.n
				return err
			})
			if err != nil {
				return fmt.Errorf("writing %s: %w", args[0], err)
			}
			sandbox := "sandboxed (bubblewrap)"
			if common.unsandboxed {
				sandbox = "UNSANDBOXED: student code runs without bubblewrap"
			}
			fmt.Fprintf(stdout, "wrote %s: %d files, %d KiB, no solutions; Go %s; %s.\n"+
				"Upload it as the autograder of a Gradescope programming assignment (docs/ci.md, Gradescope).\n",
				args[0], len(files), (size+1023)/1024, scripts.GoVersion, sandbox)
			return nil
		},
	}
	cmd.Flags().StringVar(&goVersion, "go-version", gradescopeGoVersion, "the Go release setup.sh installs (with --go-sha256)")
	cmd.Flags().StringVar(&goSHA256, "go-sha256", gradescopeGoSHA256, "the SHA-256 of that release's linux-amd64 archive, as https://go.dev/dl/ lists it")
	return cmd
}

// checkGoPin checks the Go release a bundle pins: a version no older than
// the one the course's go.mod asks for, and a SHA-256, the two given
// together or not at all.
func checkGoPin(dir string, versionSet, sumSet bool, s bundleScripts) error {
	if versionSet != sumSet {
		return fmt.Errorf("give --go-version and --go-sha256 together: a release and the SHA-256 of its go%s.linux-amd64.tar.gz, as https://go.dev/dl/ lists it",
			s.GoVersion)
	}
	if !regexp.MustCompile(`^[0-9a-f]{64}$`).MatchString(s.GoSHA256) {
		return fmt.Errorf("--go-sha256 %q: want 64 lower-case hexadecimal digits", s.GoSHA256)
	}
	if !version.IsValid("go" + s.GoVersion) {
		return fmt.Errorf("--go-version %q: want a Go release such as %s", s.GoVersion, gradescopeGoVersion)
	}
	mod, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	if err != nil {
		return err
	}
	if m := regexp.MustCompile(`(?m)^go ([0-9.]+)\s*$`).FindSubmatch(mod); m != nil && version.Compare("go"+s.GoVersion, "go"+string(m[1])) < 0 {
		return fmt.Errorf("--go-version %s is older than the go %s that go.mod asks for: pin a newer release", s.GoVersion, m[1])
	}
	return nil
}

// shellQuote quotes s for bash.
func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// A bundleFile is one file of a bundle.
type bundleFile struct {
	name string // slash-separated, relative to the zip's root
	mode fs.FileMode
	data []byte
}

// gradescopeBundle returns the files of the autograder for the course in
// dir: the course files grading needs (see courseFiles), read from disk, and
// setup.sh and run_autograder filled in with s. It refuses a course a bundle
// would grade wrongly: one missing a kata's stub or suite, whose stubs are not
// the shipped ones (a solved copy would hand its answers to every upload that
// leaves the kata out), or where two katas share a stub file name (an upload
// of that name would be ambiguous).
func gradescopeBundle(dir string, s bundleScripts) ([]bundleFile, error) {
	toml, err := os.ReadFile(filepath.Join(dir, "grader", "catalog", "katas.toml"))
	if err != nil {
		return nil, fmt.Errorf("reading the course's catalog: %w", err)
	}
	katas, err := catalog.Parse(string(toml))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(dir, "grader", "catalog", "katas.toml"), err)
	}
	if err := uniqueStubNames(katas); err != nil {
		return nil, err
	}
	names, err := courseFiles(dir, katas)
	if err != nil {
		return nil, err
	}
	var files []bundleFile
	for _, name := range names {
		data, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			return nil, fmt.Errorf("reading the course: %w; restore the file (git checkout -- %s) or commit its removal", err, name)
		}
		files = append(files, bundleFile{name: name, mode: 0o644, data: data})
	}
	if err := checkCourse(files, katas); err != nil {
		return nil, err
	}
	for _, k := range katas {
		s.Stubs = append(s.Stubs, k.ID+"/"+k.StubFile())
	}
	for _, script := range []string{"setup.sh", "run_autograder"} {
		t, err := template.ParseFS(gradescopeScripts, "gradescope/"+script)
		if err != nil {
			return nil, err
		}
		var b bytes.Buffer
		if err := t.Execute(&b, s); err != nil {
			return nil, err
		}
		files = append(files, bundleFile{name: script, mode: 0o755, data: b.Bytes()})
	}
	slices.SortFunc(files, func(a, b bundleFile) int { return strings.Compare(a.name, b.name) })
	return files, nil
}

// uniqueStubNames reports two katas whose stub files have the same name,
// which a flat upload could not tell apart.
func uniqueStubNames(katas []catalog.Kata) error {
	seen := map[string]string{}
	for _, k := range katas {
		if other, ok := seen[k.StubFile()]; ok {
			return fmt.Errorf("katas %s and %s both have a stub named %s: a Gradescope upload of that file could be either; rename one kata",
				other, k.ID, k.StubFile())
		}
		seen[k.StubFile()] = k.ID
	}
	return nil
}

// checkCourse checks that files hold go.mod, go.sum, the grader's main
// package and every kata's suite and shipped stub.
func checkCourse(files []bundleFile, katas []catalog.Kata) error {
	byName := map[string][]byte{}
	for _, f := range files {
		byName[f.name] = f.data
	}
	for _, name := range []string{"go.mod", "go.sum", "grader/main.go"} {
		if _, ok := byName[name]; !ok {
			return fmt.Errorf("the course has no %s: build the bundle from a complete checkout of Deli", name)
		}
	}
	for _, k := range katas {
		suite := "exercises/" + k.ID + "/" + k.TestFile()
		if _, ok := byName[suite]; !ok {
			return fmt.Errorf("the course has no %s: build the bundle from a complete checkout of Deli", suite)
		}
		stub := "exercises/" + k.ID + "/" + k.StubFile()
		data, ok := byName[stub]
		if !ok {
			return fmt.Errorf("the course has no %s: build the bundle from a complete checkout of Deli", stub)
		}
		if sum := sha256.Sum256(data); hex.EncodeToString(sum[:]) != k.StubSHA256 {
			return fmt.Errorf("%s is not the shipped stub (its SHA-256 is not katas.toml's stub_sha256): "+
				"a bundle must carry the course's stubs, never solved ones; restore it (git checkout -- %s) or build from a clean checkout",
				stub, stub)
		}
	}
	return nil
}

// courseFiles lists the files of the course in dir that grading needs, as
// slash-separated paths relative to dir, sorted: go.mod and go.sum, the
// grader's sources without its tests and test data, and the folder of each
// kata in exercises/. In a git checkout only the files git tracks count;
// elsewhere (git missing, an exported copy) the folders are walked, leaving
// out hidden files.
func courseFiles(dir string, katas []catalog.Kata) ([]string, error) {
	listed, ok := gitFiles(dir)
	if !ok {
		var err error
		if listed, err = walkFiles(dir, katas); err != nil {
			return nil, err
		}
	}
	ids := map[string]bool{}
	for _, k := range katas {
		ids[k.ID] = true
	}
	var names []string
	for _, name := range listed {
		if inBundle(name, ids) {
			names = append(names, name)
		}
	}
	slices.Sort(names)
	return slices.Compact(names), nil
}

// gitFiles lists the files git tracks in dir's go.mod, go.sum, grader/ and
// exercises/. ok is false when dir is not the top of a git checkout of the
// course, or git cannot be run.
func gitFiles(dir string) (names []string, ok bool) {
	cmd := exec.Command("git", "-C", dir, "ls-files", "-z", "--", "go.mod", "go.sum", "grader", "exercises")
	out, err := cmd.Output()
	if err != nil {
		return nil, false
	}
	names = strings.Split(strings.TrimSuffix(string(out), "\x00"), "\x00")
	return names, slices.Contains(names, "go.mod")
}

// walkFiles lists the files in dir's go.mod, go.sum, grader/ and the katas'
// folders of exercises/, leaving out hidden files and folders.
func walkFiles(dir string, katas []catalog.Kata) ([]string, error) {
	names := []string{"go.mod", "go.sum"}
	roots := []string{"grader"}
	for _, k := range katas {
		roots = append(roots, "exercises/"+k.ID)
	}
	for _, root := range roots {
		err := filepath.WalkDir(filepath.Join(dir, filepath.FromSlash(root)), func(p string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return filepath.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				rel, err := filepath.Rel(dir, p)
				if err != nil {
					return err
				}
				names = append(names, filepath.ToSlash(rel))
			}
			return nil
		})
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("listing the course: %w", err)
		}
	}
	return names, nil
}

// inBundle reports whether the course file name (slash-separated) belongs
// in a bundle: go.mod, go.sum, a file of a kata in ids under exercises/, or
// a file of grader/ that is neither a test nor test data.
func inBundle(name string, ids map[string]bool) bool {
	parts := strings.Split(name, "/")
	switch {
	case name == "go.mod" || name == "go.sum":
		return true
	case parts[0] == "exercises":
		return len(parts) >= 3 && ids[parts[1]]
	case parts[0] == "grader":
		return !slices.Contains(parts, "testdata") && !strings.HasSuffix(name, "_test.go") && path.Clean(name) == name
	}
	return false
}

// writeZip writes files to w as a zip archive, in the order given, each
// compressed, with the fixed time bundleTime and its mode.
func writeZip(w io.Writer, files []bundleFile) error {
	zw := zip.NewWriter(w)
	for _, f := range files {
		h := &zip.FileHeader{Name: f.name, Method: zip.Deflate, Modified: bundleTime}
		h.SetMode(f.mode)
		fw, err := zw.CreateHeader(h)
		if err != nil {
			return err
		}
		if _, err := fw.Write(f.data); err != nil {
			return err
		}
	}
	return zw.Close()
}

// countingWriter counts the bytes written through it.
type countingWriter struct {
	w io.Writer
	n int
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += n
	return n, err
}
