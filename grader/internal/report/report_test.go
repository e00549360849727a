package report

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
)

func kata(id string, points map[catalog.Dimension]int) catalog.Kata {
	return catalog.Kata{ID: id, Title: "T " + id, Module: 1, Points: points, Hints: []catalog.Hint{{Dimension: catalog.Correctness, Text: "h"}}}
}

func sample() Document {
	a := NewKata(kata("01-one", map[catalog.Dimension]int{catalog.Correctness: 3, catalog.Ordering: 2}), Graded, "")
	a.Dim(catalog.Correctness).Status = Pass
	a.Dim(catalog.Ordering).Status = Pass
	a.Score()
	b := NewKata(kata("02-two", map[catalog.Dimension]int{catalog.Correctness: 4, catalog.Speedup: 6}), Graded, "")
	b.Dim(catalog.Correctness).Status = Pass
	b.Dim(catalog.Speedup).Status = NotMeasurable
	b.Dim(catalog.Speedup).Reason = "not measurable here: busy"
	b.Hint = "h"
	b.Speedup = &SpeedupFigure{Speedup: 1.5, CPUs: 2, Bar: 1.4, Machine: 1.3}
	b.Score()
	c := NewKata(kata("03-three", map[catalog.Dimension]int{catalog.Correctness: 5}), NotStarted, "not started")
	c.Score()
	katas := []KataResult{a, b, c}
	return Document{Schema: Schema, Source: "exercises", Katas: katas, Summary: Summarise(katas)}
}

func TestScoreCountsOnlyPassedDimensions(t *testing.T) {
	doc := sample()
	assert.Equal(t, []int{5, 4, 0}, []int{doc.Katas[0].Points, doc.Katas[1].Points, doc.Katas[2].Points})
	assert.Equal(t, Summary{Points: 9, MaxPoints: 20, Percent: 45, NotMeasurable: 6, Complete: 1, Next: "02-two"}, doc.Summary)
}

func TestTableShowsEveryVerdictAndWhatToDoNext(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, sample(), false))
	out := buf.String()
	for _, want := range []string{
		"KATA      CORRECT  ORDER  TIMING  RACE  LEAKS  SPEEDUP  POINTS  NOTE",
		"01-one    ok       ok     -       -     -      -        5/5",
		"02-two    ok       -      -       -     -      n/m      4/10    speedup 1.50x on 2 CPUs (bar 1.40x, machine 1.30x)",
		"03-three  todo     -      -       -     -      -        0/5     not started",
		"Total 9/20 points (45%), 1 of 3 katas complete",
		"6 speedup points could not be judged",
		"Next: 02-two, T 02-two.",
		"not measurable here: busy",
		"Hint: h",
	} {
		assert.Contains(t, out, want)
	}
}

func TestJSONIsVersionedAndRoundTrips(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, WriteJSON(&buf, sample()))
	var got Document
	require.NoError(t, json.Unmarshal(buf.Bytes(), &got))
	assert.Equal(t, "deli-grade/v1", got.Schema)
	assert.Equal(t, sample().Summary, got.Summary)
	require.Len(t, got.Katas, 3)
	assert.Equal(t, NotMeasurable, got.Katas[1].Dimensions[5].Status)
	assert.Len(t, got.Katas[0].Dimensions, 6, "every dimension is listed, used or not")
	assert.Contains(t, buf.String(), `"status": "not used"`)
}

func TestJUnitHasACasePerScoredDimension(t *testing.T) {
	doc := sample()
	doc.Katas[0].Dim(catalog.Ordering).Status = Fail
	doc.Katas[0].Dim(catalog.Ordering).Reason = "TestOrderX failed"
	doc.Katas[0].Dim(catalog.Ordering).Tests = []Test{{Name: "TestOrderX", Status: "fail", Output: "got [2 1]\x1b[0m want [1 2]"}}
	doc.Katas[0].Score()
	broken := NewKata(kata("04-four", map[catalog.Dimension]int{catalog.Correctness: 2}), CompileError, "does not compile")
	broken.Message = "four.go:3: undefined: x"
	doc.Katas = append(doc.Katas, broken)
	var buf bytes.Buffer
	require.NoError(t, WriteJUnit(&buf, doc))

	var got struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Errors   int `xml:"errors,attr"`
		Suites   []struct {
			Name  string `xml:"name,attr"`
			ID    int    `xml:"id,attr"`
			Props []struct {
				Name  string `xml:"name,attr"`
				Value string `xml:"value,attr"`
			} `xml:"properties>property"`
			Cases []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Skipped *struct{} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	require.NoError(t, xml.Unmarshal(buf.Bytes(), &got), "the JUnit output must be well-formed XML:\n%s", buf.String())
	assert.Equal(t, 6, got.Tests, "one case per scored dimension: 2 + 2 + 1 + 1")
	assert.Equal(t, 1, got.Failures, "01-one ordering")
	assert.Equal(t, 2, got.Skipped, "02-two speedup, not measurable; 03-three correctness, not started")
	assert.Equal(t, 1, got.Errors, "04-four does not compile")
	require.Len(t, got.Suites, 4)
	for i, s := range got.Suites {
		assert.Equal(t, i, s.ID, "each suite has its own id")
	}
	one := got.Suites[0]
	assert.Equal(t, "01-one", one.Name)
	require.Len(t, one.Cases, 2)
	assert.Nil(t, one.Cases[0].Failure, "correctness passed")
	require.NotNil(t, one.Cases[1].Failure, "ordering failed")
	assert.Contains(t, one.Cases[1].Failure.Message, "TestOrderX failed")
	assert.Contains(t, one.Cases[1].Failure.Text, "--- TestOrderX (fail)")
	assert.NotContains(t, one.Cases[1].Failure.Text, "\x1b", "control characters are replaced")
	assert.Contains(t, one.Props, struct {
		Name  string `xml:"name,attr"`
		Value string `xml:"value,attr"`
	}{"points", "3"})
	require.NotNil(t, got.Suites[1].Cases[1].Skipped, "a speedup not measurable is skipped, not failed")
}

func TestTableDoesNotCallAFewKatasTheWholeCourse(t *testing.T) {
	doc := sample()
	doc.Katas = doc.Katas[:1]
	doc.Summary = Summarise(doc.Katas)
	var buf bytes.Buffer
	require.NoError(t, WriteTable(&buf, doc, false))
	assert.Contains(t, buf.String(), "Every kata graded here is complete (1 of the course's 22)")
	assert.NotContains(t, buf.String(), "Every kata is complete")
}
