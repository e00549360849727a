package verify

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
)

func TestParseMutantLineReadsWhatAndDimensions(t *testing.T) {
	what, dims, err := ParseMutantLine("// Mutant: a lock held around the work. Caught by: speedup, race.")
	require.NoError(t, err)
	assert.Equal(t, "a lock held around the work", what)
	assert.Equal(t, []catalog.Dimension{catalog.Speedup, catalog.Race}, dims)
}

func TestParseMutantLineRejectsMalformedLines(t *testing.T) {
	for _, line := range []string{
		"package primes",
		"// Mutant: no dimensions.",
		"// Mutant: x. Caught by: speed.",
		"// Mutant: x. Caught by: race,timing.",
		"//Mutant: x. Caught by: race.",
	} {
		_, _, err := ParseMutantLine(line)
		assert.Error(t, err, line)
	}
}
