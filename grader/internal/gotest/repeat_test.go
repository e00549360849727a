package gotest

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gotest.tools/gotestsum/testjson"
)

// A stream of go test -count=2 whose second iteration dies in TestB.
const repeatedStream = `{"Action":"start","Package":"p"}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"=== RUN   TestA\n"}
{"Action":"pass","Package":"p","Test":"TestA","Elapsed":0}
{"Action":"run","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Test":"TestB","Output":"    b_test.go:9: wrong\n"}
{"Action":"fail","Package":"p","Test":"TestB","Elapsed":0}
{"Action":"run","Package":"p","Test":"TestA"}
{"Action":"output","Package":"p","Test":"TestA","Output":"WARNING: DATA RACE\n"}
{"Action":"fail","Package":"p","Test":"TestA","Elapsed":0}
{"Action":"run","Package":"p","Test":"TestB"}
{"Action":"output","Package":"p","Test":"TestB","Output":"panic: deadlock\n"}
{"Action":"fail","Package":"p","Elapsed":0}
`

func TestRepeatFolderKeepsEveryOccurrenceInOrder(t *testing.T) {
	f := &repeatFolder{tests: map[string][]Occurrence{"TestA": nil, "TestB": nil}}
	_, err := testjson.ScanTestOutput(testjson.ScanConfig{Stdout: strings.NewReader(repeatedStream), Handler: f})
	require.NoError(t, err)
	r := &Repeated{Tests: f.tests}
	assert.Equal(t, 2, r.Iterations())
	a, b := r.Tests["TestA"], r.Tests["TestB"]
	require.Len(t, a, 2)
	require.Len(t, b, 2)
	assert.Equal(t, Passed, a[0].Status)
	assert.Empty(t, a[0].Output, "a pass keeps no output")
	assert.Equal(t, Failed, a[1].Status)
	assert.True(t, a[1].Race)
	assert.Equal(t, Failed, b[0].Status)
	assert.Contains(t, b[0].Output, "    b_test.go:9: wrong")
	assert.Equal(t, Hung, b[1].Status, "a test the process died in did not finish")
}
