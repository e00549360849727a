package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestMutateRejectsBadInvocationsWithStatus2(t *testing.T) {
	cases := map[string][]string{
		"no jobs":              {"mutate", "--jobs", "0", "02"},
		"a negative sample":    {"mutate", "--sample", "-1", "02"},
		"a min score over 100": {"mutate", "--min-score", "101", "02"},
		"a mutant no kata has": {"mutate", "--mutant", "drop-lock@L1", "02"},
		"an unknown kata":      {"mutate", "99-nothing"},
	}
	for name, args := range cases {
		t.Run(name+" exits 2", func(t *testing.T) {
			var out, errOut bytes.Buffer
			err := run(args, &out, &errOut)
			require.Error(t, err)
			assert.Equal(t, exitUsage, exitCode(err), "%v", err)
		})
	}
}

func TestMutateListsMutantsWithoutBuildingThem(t *testing.T) {
	var out, errOut bytes.Buffer
	require.NoError(t, run([]string{"mutate", "--list", "02", "07"}, &out, &errOut), errOut.String())
	for _, want := range []string{`02-goroutines\s+drop-wait@L17\s+[0-9a-f]{8}\s+FetchAll\s+no wg.Wait\(\)`, `07-philosophers\s+swap-locks@L24`} {
		assert.Regexp(t, want, out.String())
	}
}
