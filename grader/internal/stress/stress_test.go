package stress

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/gotest"
	"github.com/deli-katas/deli/grader/internal/verify"
)

func TestCatchesCountsOnlyWhatTheDimensionSees(t *testing.T) {
	pass := gotest.Occurrence{Status: gotest.Passed}
	fail := gotest.Occurrence{Status: gotest.Failed}
	raced := gotest.Occurrence{Status: gotest.Failed, Race: true}
	busy := gotest.Occurrence{Status: gotest.Skipped, Output: []string{"not measurable here: …"}}
	skipped := gotest.Occurrence{Status: gotest.Skipped, Output: []string{"no reason"}}
	tests := []string{"TestA", "TestB"}
	cases := []struct {
		name               string
		d                  catalog.Dimension
		it                 iteration
		caught, unmeasured bool
	}{
		{"every test passing is an escape", catalog.Correctness, iteration{"TestA": pass, "TestB": pass}, false, false},
		{"one failing test catches", catalog.Correctness, iteration{"TestA": pass, "TestB": fail}, true, false},
		{"a test the process never reached catches", catalog.Timing, iteration{"TestA": pass}, true, false},
		{"a skip outside speedup catches", catalog.Leaks, iteration{"TestA": pass, "TestB": skipped}, true, false},
		{"race catches only on a race report", catalog.Race, iteration{"TestA": fail, "TestB": pass}, false, false},
		{"a race report catches", catalog.Race, iteration{"TestA": raced, "TestB": pass}, true, false},
		{"a speedup not measurable is neither", catalog.Speedup, iteration{"TestA": busy, "TestB": pass}, false, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, u := catches(tc.d, tc.it, tests)
			assert.Equal(t, tc.caught, c)
			assert.Equal(t, tc.unmeasured, u)
		})
	}
}

func TestLineResultReadsAsARate(t *testing.T) {
	assert.Equal(t, "failed 3/200", Line{Subject: "solution", Runs: 200, Bad: 3, Verdict: verify.Failed}.Result())
	assert.Equal(t, "caught 17/20", Line{Subject: "mutant lifo", Runs: 20, Bad: 3, Verdict: verify.Failed}.Result())
}
