package main

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/report"
	"github.com/deli-katas/deli/grader/internal/sandbox"
)

// A hostile fixture is a stub written to cheat or to harm, in
// testdata/hostile, one file per attack. Its first line says what it tries,
// for which kata, and what the grader must make of it.
type hostileFixture struct {
	path, tries, kata, expect string
	because                   string // with "no speedup": words the failing measurement must say
}

var hostileLine = regexp.MustCompile(`^// Hostile: (.+)\. Kata: ([0-9]{2}-[a-z]+)\. Expect: (refused|0 points|no speedup) ?(?:\((.+)\))?\.$`)

func hostileFixtures(t *testing.T) []hostileFixture {
	t.Helper()
	paths, err := filepath.Glob(filepath.Join("testdata", "hostile", "*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	var fs []hostileFixture
	for _, p := range paths {
		f, err := os.Open(p)
		require.NoError(t, err)
		s := bufio.NewScanner(f)
		s.Scan()
		f.Close()
		m := hostileLine.FindStringSubmatch(s.Text())
		require.NotNil(t, m, "%s: the first line must read `// Hostile: <what it tries>. Kata: NN-name. Expect: refused|0 points|no speedup (<words of the failure>).`", p)
		fs = append(fs, hostileFixture{path: p, tries: m[1], kata: m[2], expect: m[3], because: m[4]})
	}
	return fs
}

// digest hashes every file under the given folders of root, so a test can
// tell whether a submission changed any of it.
func digest(t *testing.T, root string, tops ...string) string {
	t.Helper()
	h := sha256.New()
	for _, top := range tops {
		err := filepath.WalkDir(filepath.Join(root, top), func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			data, err := os.ReadFile(path)
			h.Write([]byte(path + "\x00"))
			h.Write(data)
			return err
		})
		require.NoError(t, err)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Every hostile fixture is graded in one batch beside an honest submission:
// none may earn a point, change the course, or cost the honest one a point.
func TestHostileSubmissionsEarnNothingAndHarmNothing(t *testing.T) {
	if testing.Short() {
		t.Skip("grades submissions; -short skips it")
	}
	if _, err := sandbox.Detect(); err != nil {
		if inCI() {
			t.Fatalf("the sandbox must start in CI: %v", err)
		}
		t.Skipf("batch grades only in a sandbox, and none can start here: %v", err)
	}
	root, err := filepath.Abs("..")
	require.NoError(t, err)
	fixtures := hostileFixtures(t)
	class := t.TempDir()
	katas := map[string]bool{"01-sequential": true}
	var dirs []string
	for _, f := range fixtures {
		k, ok := catalog.Lookup(f.kata)
		require.True(t, ok, f.path)
		katas[k.ID] = true
		src, err := os.ReadFile(f.path)
		require.NoError(t, err)
		name := strings.TrimSuffix(filepath.Base(f.path), ".go")
		dirs = append(dirs, makeSubmission(t, class, name, map[string]string{
			filepath.Join("exercises", k.ID, k.StubFile()): string(src),
		}))
	}
	honest := makeSubmission(t, class, "honest", map[string]string{
		"exercises/01-sequential/sequential.go": readRepoFile(t, "solutions/01-sequential/sequential.go"),
	})
	var ids []string
	for id := range katas {
		ids = append(ids, id)
	}

	course := []string{"exercises", "solutions", "grader/catalog", "grader/katatest", "go.mod", "go.sum"}
	before, classBefore := digest(t, root, course...), digest(t, class, ".")
	const runLimit, speedupLimit = 10 * time.Second, time.Minute
	var out, errOut bytes.Buffer
	args := append([]string{"batch", "--json", "--dir", root, "--journal", filepath.Join(t.TempDir(), "journal"),
		"--timeout", runLimit.String(), "--speedup-timeout", speedupLimit.String(), "--memory", "512",
		"--katas", strings.Join(ids, ",")}, dirs...)
	require.NoError(t, run(append(args, honest), &out, &errOut), errOut.String())

	var doc BatchDocument
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	require.Len(t, doc.Submissions, len(fixtures)+1)
	for i, f := range fixtures {
		sub := doc.Submissions[i]
		t.Run(strings.TrimSuffix(filepath.Base(f.path), ".go")+" earns nothing", func(t *testing.T) {
			for _, k := range sub.Document.Katas {
				if k.ID != f.kata {
					continue
				}
				t.Logf("%s: %s, %d/%d points, %.1f s", k.ID, k.Status, k.Points, k.MaxPoints, k.Seconds)
				switch f.expect {
				case "refused":
					assert.Equal(t, report.Refused, k.Status, "it tries to %s", f.tries)
					assert.Contains(t, k.Message, ":", "the refusal names the file and the line")
					assert.Zero(t, k.Points)
				case "0 points":
					assert.Zero(t, k.Points, "it tries to %s", f.tries)
				case "no speedup":
					speedup := k.Dim(catalog.Speedup)
					require.NotNil(t, speedup)
					assert.NotEqual(t, report.Pass, speedup.Status, "it tries to %s", f.tries)
					if speedup.Status == report.NotMeasurable {
						t.Logf("unproven here: %s", speedup.Reason)
					} else {
						assert.Contains(t, fmt.Sprint(speedup.Tests), f.because, "it tries to %s", f.tries)
					}
				}
			}
		})
	}
	last := doc.Submissions[len(fixtures)]
	assert.Equal(t, 10, last.Document.Summary.Points, "the honest submission keeps its points")
	// No attack keeps the grader past its limits: a kata takes at most each
	// of its runs' limit, plus twice what the honest kata (two builds and its
	// runs) took on this machine at this moment, plus a margin.
	var honestSeconds float64
	for _, k := range last.Document.Katas {
		if k.ID == "01-sequential" {
			honestSeconds = k.Seconds
		}
	}
	for i, f := range fixtures {
		for _, k := range doc.Submissions[i].Document.Katas {
			c, _ := catalog.Lookup(k.ID)
			if k.ID != f.kata || k.Status != report.Graded {
				continue
			}
			bound := 2*honestSeconds + 30
			for _, d := range c.UsedDimensions() {
				limit := runLimit
				if d == catalog.Speedup {
					limit = speedupLimit
				}
				bound += 1.2 * limit.Seconds()
			}
			assert.LessOrEqual(t, k.Seconds, bound, "%s: its grading ends within the limits", filepath.Base(f.path))
		}
	}
	assert.Equal(t, before, digest(t, root, course...), "the course is byte-identical after grading")
	assert.Equal(t, classBefore, digest(t, class, "."), "every submission is byte-identical after grading")
}
