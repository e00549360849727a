package mutate

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSample(t *testing.T) {
	var ms []Mutant
	for i, op := range []string{"drop-lock", "drop-lock", "drop-lock", "drop-wait", "drop-close", "drop-close"} {
		ms = append(ms, Mutant{ID: fmt.Sprintf("%s@L%d", op, 10+i), Operator: op})
	}
	t.Run("the same mutants give the same sample", func(t *testing.T) {
		assert.Equal(t, Sample(ms, 3), Sample(ms, 3))
	})
	t.Run("a sample takes every operator once before any twice", func(t *testing.T) {
		ops := map[string]int{}
		for _, m := range Sample(ms, 3) {
			ops[m.Operator]++
		}
		assert.Equal(t, map[string]int{"drop-lock": 1, "drop-wait": 1, "drop-close": 1}, ops)
	})
	t.Run("a sample keeps the mutants' order", func(t *testing.T) {
		s := Sample(ms, 5)
		assert.Len(t, s, 5)
		for i := 1; i < len(s); i++ {
			assert.Less(t, s[i-1].ID[len(s[i-1].ID)-2:], s[i].ID[len(s[i].ID)-2:])
		}
	})
	t.Run("zero, or as many as there are, takes them all", func(t *testing.T) {
		assert.Equal(t, ms, Sample(ms, 0))
		assert.Equal(t, ms, Sample(ms, 6))
		assert.Equal(t, ms, Sample(ms, 60))
	})
	t.Run("a mutant added elsewhere leaves the other operators' picks alone", func(t *testing.T) {
		more := append([]Mutant{{ID: "buffer-one@L1", Operator: "buffer-one"}}, ms...)
		before, after := map[string]string{}, map[string]string{}
		for _, m := range Sample(ms, 3) {
			before[m.Operator] = m.ID
		}
		for _, m := range Sample(more, 4) {
			after[m.Operator] = m.ID
		}
		delete(after, "buffer-one")
		assert.Equal(t, before, after)
	})
}
