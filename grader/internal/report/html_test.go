package report

import (
	"bytes"
	"html/template"
	"testing"

	"github.com/stretchr/testify/require"
)

// timelineColour fills the sample timeline's bars; no other part of the page
// uses it, so a screenshot showing it shows the picture.
const timelineColour = "#e8590c"

// samplePictures is one hand-drawn timeline, for the failing kata 05-five.
func samplePictures() map[string]Picture {
	return map[string]Picture{"05-five": {
		SVG: template.HTML(`<svg xmlns="http://www.w3.org/2000/svg" width="600" height="90" viewBox="0 0 600 90">` +
			`<rect x="10" y="10" width="380" height="28" fill="` + timelineColour + `"/>` +
			`<rect x="120" y="50" width="460" height="28" fill="` + timelineColour + `"/>` +
			`<text x="14" y="29" font-size="12">G1</text></svg>`),
		Caption: "parallelism 1.96 · at most 9 goroutines alive",
		Command: "grader trace 05",
	}}
}

func writeHTML(t *testing.T, doc Document, pictures map[string]Picture) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, doc, pictures))
	return buf.String()
}
