package catalog

import (
	"strings"
	"testing"

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
hints = ["h"]
[kata.points]
correctness = 1
speedup = 1
`
	_, err := Parse(valid)
	require.NoError(t, err)
	cases := map[string]struct{ from, to, wantErr string }{
		"a bar that cannot fail":        {"speedup_bar = 1.4", "speedup_bar = 1.0", "cannot fail"},
		"a speedup point without a bar": {"speedup_bar = 1.4\n", "", "speedup_bar"},
		"an unknown dimension":          {"speedup = 1", "speed = 1", "unknown dimension"},
		"an unknown field":              {"title = \"t\"", "title = \"t\"\ncolour = \"red\"", "unknown field"},
		"a badly formed id":             {`"08-primes"`, `"8-primes"`, "two digits"},
		"a dimension with no points":    {"correctness = 1", "correctness = 0", "leave a dimension out"},
		"a module out of range":         {"module = 3", "module = 9", "module 9"},
		"no hints":                      {`hints = ["h"]`, "hints = []", "hint"},
		"no admission imports":          {`imports = ["sync"]`, "", "[admission]"},
	}
	for name, tc := range cases {
		t.Run(name+" is rejected", func(t *testing.T) {
			_, err := Parse(strings.Replace(valid, tc.from, tc.to, 1))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}
