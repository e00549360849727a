package catalog

import "fmt"

// A Dimension is one of the six things a kata's suite checks and the grader scores.
// Its string form is the name used in the grader's table and JSON.
type Dimension string

// The dimensions, in the order the grader reports them.
const (
	Correctness Dimension = "correctness"
	Ordering    Dimension = "ordering"
	Timing      Dimension = "timing"
	Race        Dimension = "race"
	Leaks       Dimension = "leaks"
	Speedup     Dimension = "speedup"
)

// Dimensions lists every dimension in report order.
var Dimensions = []Dimension{Correctness, Ordering, Timing, Race, Leaks, Speedup}

// testPrefixes maps a dimension to the prefix of the test functions that check it.
// Race has no tests of its own: it is the whole suite run under -race.
var testPrefixes = map[Dimension]string{
	Correctness: "TestCorrect",
	Ordering:    "TestOrder",
	Timing:      "TestTiming",
	Leaks:       "TestLeak",
	Speedup:     "TestSpeedup",
}

// TestPrefix returns the prefix of the test functions that check d,
// or "" for Race, which is checked by running the whole suite under -race.
func (d Dimension) TestPrefix() string { return testPrefixes[d] }

// Valid reports whether d is one of the six dimensions.
func (d Dimension) Valid() bool {
	for _, x := range Dimensions {
		if d == x {
			return true
		}
	}
	return false
}

// DimensionOfTest returns the dimension a test function checks, judged by its
// name's prefix, and false for a name that has none of the prefixes.
func DimensionOfTest(name string) (Dimension, bool) {
	for _, d := range Dimensions {
		p := d.TestPrefix()
		if p != "" && len(name) >= len(p) && name[:len(p)] == p {
			return d, true
		}
	}
	return "", false
}

// ParseDimension turns a dimension's name into a Dimension.
func ParseDimension(s string) (Dimension, error) {
	d := Dimension(s)
	if !d.Valid() {
		return "", fmt.Errorf("unknown dimension %q (want one of correctness, ordering, timing, race, leaks, speedup)", s)
	}
	return d, nil
}
