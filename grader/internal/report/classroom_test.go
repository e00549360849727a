package report

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// reporterConsoleScore is how autograding-grading-reporter@v1's console table
// scores a runner (src/helpers/test-helpers.js, getTestScore): the share of
// tests whose status is "pass", times the runner's max_score.
func reporterConsoleScore(r ClassroomResult) float64 {
	passed := 0
	for _, t := range r.Tests {
		if t.Status == "pass" {
			passed++
		}
	}
	return float64(passed) / float64(len(r.Tests)) * float64(r.MaxScore)
}

// reporterGrade is the grade the reporter sends to Classroom
// (src/notify-classroom.js): the sum of every test's score over the runners
// whose max_score is not 0, out of the sum of their max_score.
func reporterGrade(rs []ClassroomResult) (points, max int) {
	for _, r := range rs {
		if r.MaxScore == 0 {
			continue
		}
		max += r.MaxScore
		for _, t := range r.Tests {
			points += t.Score
		}
	}
	return points, max
}

func TestClassroomGradeEqualsDelisTotal(t *testing.T) {
	doc := everyState()
	points, max := reporterGrade([]ClassroomResult{Classroom(doc)})
	assert.Equal(t, doc.Summary.Points, points)
	assert.Equal(t, doc.Summary.MaxPoints, max)
}

func TestClassroomRunnersMakeTheReportersTableAgreeWithTheGrade(t *testing.T) {
	doc := everyState()
	runners := ClassroomRunners(Classroom(doc))
	var results []ClassroomResult
	table := 0.0
	for _, r := range runners {
		results = append(results, r.Result)
		table += reporterConsoleScore(r.Result)
		for _, test := range r.Result.Tests {
			assert.Equal(t, r.Result.Tests[0].MaxScore, test.MaxScore, "every test of runner %s is worth the same", r.ID)
		}
	}
	points, max := reporterGrade(results)
	assert.Equal(t, doc.Summary.Points, points, "the grade Classroom records")
	assert.Equal(t, doc.Summary.MaxPoints, max)
	assert.InDelta(t, float64(doc.Summary.Points), table, 1e-9, "the console table's total")
}

func TestClassroomEnvHoldsEveryRunnerTheReporterNeeds(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteClassroomEnv(&buf, Classroom(everyState())))
	vars := map[string]string{}
	sc := bufio.NewScanner(&buf)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), "=")
		require.True(t, ok, "every line is NAME=value: %q", sc.Text())
		vars[name] = value
	}
	runners := strings.Split(vars["DELI_RUNNERS"], ",")
	require.NotEmpty(t, runners)
	for _, id := range runners {
		// The reporter's own check of its runners input.
		assert.Regexp(t, `^[a-zA-Z0-9]+$`, id)
		data, err := base64.StdEncoding.DecodeString(vars[strings.ToUpper(id)+"_RESULTS"])
		require.NoError(t, err, id)
		var r ClassroomResult
		require.NoError(t, json.Unmarshal(data, &r), id)
		assert.Equal(t, 1, r.Version)
		assert.NotEmpty(t, r.Tests)
	}
}
