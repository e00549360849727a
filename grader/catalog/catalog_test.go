package catalog

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestEmbeddedCatalogIsValid(t *testing.T) {
	ks, err := Parse(katasTOML)
	require.NoError(t, err)
	require.NotEmpty(t, ks)
	for _, k := range ks {
		assert.Equal(t, k.ID[3:], k.Package(), k.ID)
		assert.Equal(t, k.Package()+".go", k.StubFile())
		assert.Equal(t, k.Package()+"_test.go", k.TestFile())
	}
}

func TestLookupFindsByIDOrNumber(t *testing.T) {
	for _, key := range []string{"08-primes", "08", "8"} {
		k, ok := Lookup(key)
		require.True(t, ok, key)
		assert.Equal(t, "08-primes", k.ID)
	}
	_, ok := Lookup("99")
	assert.False(t, ok)
	_, ok = Lookup("primes")
	assert.False(t, ok)
}

func TestDimensionOfTestFollowsThePrefixes(t *testing.T) {
	cases := map[string]Dimension{
		"TestCorrectCounts": Correctness, "TestOrderFIFO": Ordering, "TestTimingOverlaps": Timing,
		"TestLeakNone": Leaks, "TestSpeedupBeatsOneCPU": Speedup,
	}
	for name, want := range cases {
		got, ok := DimensionOfTest(name)
		assert.True(t, ok, name)
		assert.Equal(t, want, got, name)
	}
	_, ok := DimensionOfTest("TestHelper")
	assert.False(t, ok)
}

func TestParseRejectsCatalogsThatWouldGradeWrongly(t *testing.T) {
	valid := `[admission]
imports = ["sync"]

[[kata]]
id = "08-primes"
module = 3
title = "t"
teaches = "x"
speedup_bar = 1.4
[[kata.hint]]
dimension = "speedup"
text = "h"
[kata.points]
correctness = 1
speedup = 1
`
	_, err := Parse(valid)
	require.NoError(t, err)
	cases := map[string]struct{ from, to, wantErr string }{
		"a bar that cannot fail":            {"speedup_bar = 1.4", "speedup_bar = 1.0", "cannot fail"},
		"a speedup point without a bar":     {"speedup_bar = 1.4\n", "", "speedup_bar"},
		"an unknown dimension":              {"speedup = 1", "speed = 1", "unknown dimension"},
		"an unknown field":                  {"title = \"t\"", "title = \"t\"\ncolour = \"red\"", "unknown field"},
		"a badly formed id":                 {`"08-primes"`, `"8-primes"`, "two digits"},
		"a dimension with no points":        {"correctness = 1", "correctness = 0", "leave a dimension out"},
		"a module out of range":             {"module = 3", "module = 9", "module 9"},
		"no hints":                          {"[[kata.hint]]\ndimension = \"speedup\"\ntext = \"h\"\n", "", "give at least one hint"},
		"a hint for a dimension unused":     {`dimension = "speedup"`, `dimension = "leaks"`, "does not score"},
		"a hint without text":               {`text = "h"`, `text = ""`, "no text"},
		"a hint for a test with no prefix":  {`text = "h"`, "text = \"h\"\ntest = \"Helper\"", "no dimension prefix"},
		"no admission imports":              {`imports = ["sync"]`, "", "[admission]"},
		"a run limit too short for a suite": {"title = \"t\"", "title = \"t\"\nrun_limit = \"500ms\"", "too short"},
	}
	for name, tc := range cases {
		t.Run(name+" is rejected", func(t *testing.T) {
			_, err := Parse(strings.Replace(valid, tc.from, tc.to, 1))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func TestNextHintFollowsWhatFailed(t *testing.T) {
	k := Kata{Hints: []Hint{
		{Dimension: Correctness, Text: "c1"},
		{Dimension: Race, Text: "r1"},
		{Dimension: Correctness, Test: "TestCorrectEmpty", Text: "c-empty"},
		{Dimension: Correctness, Text: "c2"},
	}}
	cases := []struct {
		name string
		f    Failure
		seen []int
		want int
	}{
		{"the first hint of the first failing dimension", Failure{Dimensions: []Dimension{Correctness, Race}}, nil, 0},
		{"the next one not seen", Failure{Dimensions: []Dimension{Correctness}}, []int{0}, 3},
		{"a hint for a test only when that test failed", Failure{Dimensions: []Dimension{Correctness}, Tests: []string{"TestCorrectEmptyInput"}}, []int{0}, 2},
		{"the first again once all were seen", Failure{Dimensions: []Dimension{Correctness}}, []int{0, 3}, 0},
		{"another dimension's own hint", Failure{Dimensions: []Dimension{Race}}, []int{0}, 1},
		{"none for a dimension without hints", Failure{Dimensions: []Dimension{Leaks}}, nil, -1},
		{"none when nothing failed", Failure{}, nil, -1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, k.NextHint(tc.f, tc.seen))
		})
	}
}

func TestStudentRunLimitIsTheKatasOwnOrTheDefault(t *testing.T) {
	kitchen, ok := Lookup("06-kitchen")
	require.True(t, ok)
	assert.Equal(t, 20*time.Second, kitchen.StudentRunLimit(), "06 sets run_limit")
	first, ok := Lookup("01-sequential")
	require.True(t, ok)
	assert.Equal(t, DefaultRunLimit, first.StudentRunLimit())
}

func TestPathsOfAKataAreUnderItsFolders(t *testing.T) {
	k, ok := Lookup("08-primes")
	require.True(t, ok)
	cases := map[string]struct{ got, want string }{
		"the exercise folder": {k.ExerciseDir(), "exercises/08-primes"},
		"the stub":            {k.StubPath(), "exercises/08-primes/primes.go"},
		"the suite":           {k.TestPath(), "exercises/08-primes/primes_test.go"},
		"the solution folder": {k.SolutionDir(), "solutions/08-primes"},
		"the solution":        {k.SolutionPath(), "solutions/08-primes/primes.go"},
		"the mutants":         {k.MutantsDir(), "solutions/08-primes/mutants"},
		"a mutant":            {k.MutantPath("sequential"), "solutions/08-primes/mutants/sequential/primes.go"},
		"the import path":     {k.ImportPath(), "github.com/deli-katas/deli/exercises/08-primes"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, filepath.FromSlash(c.want), c.got)
		})
	}
}
