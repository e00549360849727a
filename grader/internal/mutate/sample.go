package mutate

import (
	"cmp"
	"hash/fnv"
	"slices"
)

// Sample picks n of ms, the same n every time for the same mutants: it
// takes one mutant of each operator in turn, in the order of Operators, and
// each operator's mutants in the order of a hash of their IDs, so the picks
// spread over the operators and over the file. The picks keep the order
// they have in ms. n <= 0, or n of at least len(ms), picks them all.
func Sample(ms []Mutant, n int) []Mutant {
	if n <= 0 || n >= len(ms) {
		return ms
	}
	byOp := map[string][]int{}
	for i, m := range ms {
		byOp[m.Operator] = append(byOp[m.Operator], i)
	}
	for _, idx := range byOp {
		slices.SortFunc(idx, func(a, b int) int {
			return cmp.Or(cmp.Compare(hash(ms[a].ID), hash(ms[b].ID)), cmp.Compare(a, b))
		})
	}
	var picked []int
	for round := 0; len(picked) < n; round++ {
		before := len(picked)
		for _, op := range operators {
			if idx := byOp[op.Name]; round < len(idx) && len(picked) < n {
				picked = append(picked, idx[round])
			}
		}
		if len(picked) == before {
			break // only mutants of operators this package does not know are left
		}
	}
	slices.Sort(picked)
	out := make([]Mutant, len(picked))
	for i, p := range picked {
		out[i] = ms[p]
	}
	return out
}

func hash(s string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return h.Sum64()
}
