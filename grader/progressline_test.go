package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/deli-katas/deli/grader/catalog"
)

func TestProgressLineStaysSilentOffATerminal(t *testing.T) {
	var buf bytes.Buffer
	line := newProgressLine(&buf)
	assert.Nil(t, line, "a buffer is not a terminal")
	line.Begin("01-sequential") // a nil line does nothing
	line.Step(catalog.Kata{}, "correctness")
	line.End()
	assert.Empty(t, buf.String())
}

func TestProgressLineRewritesOneLineAndClearsIt(t *testing.T) {
	var buf bytes.Buffer
	line := &progressLine{w: &buf}
	line.Begin("08-primes")
	line.Step(catalog.Kata{}, "speedup")
	line.End()
	out := buf.String()
	assert.Contains(t, out, "grading 08-primes: ")
	assert.NotContains(t, out, "\n", "one line, rewritten in place")
	assert.Regexp(t, "\r\033\\[K$", out, "cleared at the end")
}

func TestStepsAreSaidInWords(t *testing.T) {
	assert.Equal(t, "building the test binaries", stepText("building"))
	assert.Equal(t, "running the ordering tests", stepText("ordering"))
	assert.Contains(t, stepText("speedup"), "measuring the speedup")
}
