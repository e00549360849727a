package report

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/ with the current output")

// everyState is a document with a kata in each state a report must show: full
// marks, a failed dimension with test output, a speedup not measured, not
// started, a compile error and a refusal.
func everyState() Document {
	doc := sample()
	one := &doc.Katas[0]
	one.Seconds = 1.25
	two := &doc.Katas[1]
	two.Seconds = 20.5
	failing := NewKata(kata("05-five", map[catalog.Dimension]int{catalog.Correctness: 3, catalog.Race: 2, catalog.Leaks: 1}), Graded, "")
	failing.Dim(catalog.Correctness).Status = Pass
	failing.Dim(catalog.Race).Reason = "the race detector reported a data race in 1 test"
	failing.Dim(catalog.Race).Tests = []Test{{Name: "TestCorrectCounts", Status: "race", Race: true,
		Output: "WARNING: DATA RACE\nWrite at 0x00c by goroutine 7:\n  five.go:12"}}
	failing.Dim(catalog.Leaks).Status = Pass
	waiting := NewKata(kata("08-eight", map[catalog.Dimension]int{catalog.Correctness: 4, catalog.Race: 2, catalog.Speedup: 4}), Graded, "")
	waiting.Dim(catalog.Correctness).Reason = "1 of 1 tests did not pass: TestCorrectCounts (fail)"
	waiting.Dim(catalog.Race).Status, waiting.Dim(catalog.Race).Reason = NotJudged, "not judged yet: race-freedom counts once the correctness tests pass"
	waiting.Dim(catalog.Speedup).Status, waiting.Dim(catalog.Speedup).Reason = NotJudged, "not measured yet: the speedup is measured once the correctness tests pass"
	waiting.Score()
	failing.Hint = "Guard the shared count."
	failing.HintNumber = 1
	failing.Seconds = 4
	failing.Score()
	broken := NewKata(kata("06-six", map[catalog.Dimension]int{catalog.Correctness: 2, catalog.Timing: 2}), CompileError, "does not compile")
	broken.Message = "six.go:3:9: undefined: x"
	refused := NewKata(kata("07-seven", map[catalog.Dimension]int{catalog.Correctness: 4}), Refused, "refused before compiling")
	refused.Message = "refused before compiling:\nseven.go:3: imports \"os\": allowed are sync, time"
	refused.Score()
	doc.Katas = append(doc.Katas, failing, broken, refused, waiting)
	doc.GoVersion, doc.CPUs = "go1.26.8", 2
	doc.Summary = Summarise(doc.Katas)
	return doc
}

// TestFormatsMatchTheirGoldenFiles checks each output format against
// testdata/NAME.golden; go test -update rewrites them.
func TestFormatsMatchTheirGoldenFiles(t *testing.T) {
	doc := everyState()
	for _, f := range []struct {
		golden string
		write  func(io.Writer, Document) error
	}{
		{"table.golden", func(w io.Writer, d Document) error { return WriteTable(w, d, false) }},
		{"table-verbose.golden", func(w io.Writer, d Document) error { return WriteTable(w, d, true) }},
		{"grade.json.golden", WriteJSON},
		{"junit.xml.golden", WriteJUnit},
		{"classroom.json.golden", WriteClassroom},
		{"classroom.env.golden", func(w io.Writer, d Document) error { return WriteClassroomEnv(w, Classroom(d)) }},
		{"gradescope.json.golden", WriteGradescope},
		{"summary.md.golden", WriteMarkdown},
		{"report.html.golden", func(w io.Writer, d Document) error { return WriteHTML(w, d, samplePictures()) }},
	} {
		t.Run(f.golden, func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, f.write(&buf, doc))
			path := filepath.Join("testdata", f.golden)
			if *update {
				require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
			}
			want, err := os.ReadFile(path)
			require.NoError(t, err, "run go test -update to create it")
			if diff := cmp.Diff(string(want), buf.String()); diff != "" {
				t.Errorf("%s differs (-golden +now); if the change is meant, run go test -update:\n%s", path, diff)
			}
		})
	}
}
