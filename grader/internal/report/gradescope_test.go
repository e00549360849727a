package report

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestGradescopeScoreIsTheSumOfItsTestsAndDelisTotal(t *testing.T) {
	doc := everyState()
	r := Gradescope(doc)
	sum, max := 0.0, 0.0
	numbers := map[string]bool{}
	for _, test := range r.Tests {
		sum += test.Score
		max += test.MaxScore
		assert.Contains(t, []string{"passed", "failed"}, test.Status, test.Name)
		assert.Contains(t, []string{"visible", "hidden", "after_due_date", "after_published"}, test.Visibility)
		assert.False(t, numbers[test.Number], "number %s is unique", test.Number)
		numbers[test.Number] = true
	}
	assert.Equal(t, r.Score, sum)
	assert.Equal(t, float64(doc.Summary.Points), r.Score)
	assert.Equal(t, float64(doc.Summary.MaxPoints), max)
}

func TestGradescopeSaysANotMeasuredSpeedupIsNotAZero(t *testing.T) {
	r := Gradescope(everyState())
	for _, test := range r.Tests {
		if test.Name == "02-two speedup" {
			assert.Contains(t, test.Tags, "not measured")
			assert.Contains(t, test.Output, "NOT MEASURED")
			return
		}
	}
	t.Fatal("no test for 02-two speedup")
}
