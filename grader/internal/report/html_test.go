package report

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"html/template"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/deli-katas/deli/grader/catalog"
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

// hasText and lacksText check for want in a page without printing the page.
func hasText(t *testing.T, page, want string, why ...any) {
	t.Helper()
	if !strings.Contains(page, want) {
		t.Errorf("the page lacks %q %v", want, why)
	}
}

func lacksText(t *testing.T, page, unwanted string, why ...any) {
	t.Helper()
	if i := strings.Index(page, unwanted); i >= 0 {
		t.Errorf("the page has %q %v, here: %q", unwanted, why, page[max(0, i-80):min(len(page), i+80)])
	}
}

func writeHTML(t *testing.T, doc Document, pictures map[string]Picture) string {
	t.Helper()
	var buf bytes.Buffer
	require.NoError(t, WriteHTML(&buf, doc, pictures))
	return buf.String()
}

// hostile is test output that tries to end the <pre> it is shown in and run
// a script.
const hostile = "<script>alert(1)</script>\n</pre><img src=x onerror=alert(2)>\n& done"

func TestHTMLReportEscapesStudentOutput(t *testing.T) {
	doc := everyState()
	five := &doc.Katas[3]
	require.Equal(t, "05-five", five.ID)
	five.Dim(catalog.Race).Tests[0].Output = hostile
	six := &doc.Katas[4]
	six.Message = "six.go:1: </pre></details><script>alert(3)</script>"
	page := writeHTML(t, doc, samplePictures())

	lacksText(t, strings.ToLower(page), "<script")
	lacksText(t, page, "<img")
	hasText(t, page, "&lt;script&gt;alert(1)&lt;/script&gt;")
	hasText(t, page, "&lt;/pre&gt;&lt;img src=x onerror=alert(2)&gt;")
	hasText(t, page, "&amp; done")
	hasText(t, page, "six.go:1: &lt;/pre&gt;&lt;/details&gt;&lt;script&gt;")
	assert.Equal(t, strings.Count(page, "<pre"), strings.Count(page, "</pre>"), "every <pre> is closed by the page, none by the output")
	require.NoError(t, balanced(page))
}

func TestHTMLReportFetchesNothing(t *testing.T) {
	page := writeHTML(t, everyState(), samplePictures())
	require.Contains(t, string(samplePictures()["05-five"].SVG), "http://www.w3.org/2000/svg", "the sample picture declares its namespace, as the grader's SVG does")
	lacksText(t, page, "http://")
	lacksText(t, page, "https://")
	for _, banned := range []string{"<script", "<link", "<img", "<iframe", "@import", "url(", "src="} {
		lacksText(t, strings.ToLower(page), banned)
	}
	hrefs := regexp.MustCompile(`(?i)href\s*=\s*"([^"]*)"`).FindAllStringSubmatch(page, -1)
	require.NotEmpty(t, hrefs, "the table links each kata to its section")
	for _, h := range hrefs {
		assert.True(t, strings.HasPrefix(h[1], "#"), "a link out of the page: %s", h[1])
	}
}

func TestHTMLReportIsWellFormed(t *testing.T) {
	page := writeHTML(t, everyState(), samplePictures())
	require.NoError(t, balanced(page))
	assert.True(t, strings.HasPrefix(page, "<!DOCTYPE html>\n<html lang=\"en\">"), "a doctype and the page's language")
	for _, once := range []string{"<html", "<head>", "<body>", "<main>", "<table", "<thead>", "<style>"} {
		assert.Equal(t, 1, strings.Count(page, once), once)
	}
	svgs := regexp.MustCompile(`(?s)<svg\b.*?</svg>`).FindAllString(page, -1)
	require.Len(t, svgs, 2, "the speedup figure of 02-two and the timeline of 05-five")
	for _, svg := range svgs {
		d := xml.NewDecoder(strings.NewReader(svg))
		for {
			_, err := d.Token()
			if err == io.EOF {
				break
			}
			require.NoError(t, err, "the SVG is well-formed XML:\n%s", svg)
		}
	}
	assert.Error(t, balanced("<div><p>text</div></p>"), "the checker catches tags closed out of order")
	assert.Error(t, balanced("<div><p>text</p>"), "the checker catches a tag never closed")
}

// voidElements have no end tag in HTML.
var voidElements = map[string]bool{"meta": true, "br": true, "hr": true, "img": true, "input": true, "link": true, "col": true, "wbr": true}

// balanced checks that every tag of page is closed, in order. It reads tags
// with a regular expression: enough for a page whose text is all escaped.
func balanced(page string) error {
	var open []string
	for _, m := range regexp.MustCompile(`<(/?)([a-zA-Z][a-zA-Z0-9-]*)\b[^>]*?(/?)>`).FindAllStringSubmatch(page, -1) {
		closing, name, selfClosing := m[1] == "/", strings.ToLower(m[2]), m[3] == "/"
		switch {
		case voidElements[name] || selfClosing:
		case !closing:
			open = append(open, name)
		case len(open) == 0 || open[len(open)-1] != name:
			return fmt.Errorf("</%s> closes %v", name, open)
		default:
			open = open[:len(open)-1]
		}
	}
	if len(open) > 0 {
		return fmt.Errorf("never closed: %v", open)
	}
	return nil
}

func TestHTMLReportShowsEachKatasPictureWithItsCaption(t *testing.T) {
	page := writeHTML(t, everyState(), samplePictures())
	five := page[strings.Index(page, `<section class="kata" id="kata-05-five"`):]
	five = five[:strings.Index(five, "</section>")]
	hasText(t, five, `<rect x="10" y="10" width="380" height="28" fill="`+timelineColour+`"/>`, "the SVG as it was given")
	hasText(t, five, "parallelism 1.96 · at most 9 goroutines alive")
	hasText(t, five, "<code>grader trace 05</code>")
	assert.Equal(t, 1, strings.Count(page, `<figure class="timeline">`), "only the kata with a picture has one")

	none := writeHTML(t, everyState(), nil)
	lacksText(t, none, `<figure class="timeline">`)
	lacksText(t, none, timelineColour)
}

func TestHTMLReportDrawsTheSpeedupAgainstItsBar(t *testing.T) {
	page := writeHTML(t, everyState(), nil)
	// 02-two: 1.50x measured, bar 1.40x, machine 1.30x on 2 CPUs, on a 300-wide
	// track from x=80 that ends at 2x.
	hasText(t, page, "Speedup 1.50x on 2 CPUs against a bar of 1.40x; the machine&#39;s own kernel reached 1.30x.")
	hasText(t, page, `<rect class="nm" x="80" y="6.0" width="225.0" height="16"/>`, "measured, coloured as not measurable")
	hasText(t, page, `<rect class="bar" x="80" y="28.0" width="210.0" height="16"/>`)
	hasText(t, page, `<rect class="machine" x="80" y="50.0" width="195.0" height="16"/>`)
	hasText(t, page, `<line class="barline" x1="290.0" y1="2" x2="290.0" y2="72"/>`)
	hasText(t, page, ">2x = 2 CPUs</text>")
}

func TestHTMLReportFoldsOnlyLongOutput(t *testing.T) {
	doc := everyState()
	race := doc.Katas[3].Dim(catalog.Race)
	long := strings.Repeat("line\n", 40)
	race.Tests = append(race.Tests, Test{Name: "TestLong", Status: TestRace, Output: long})
	page := writeHTML(t, doc, nil)
	hasText(t, page, "<details open><summary>whole output (3 lines)</summary>", "a short output is shown unfolded")
	hasText(t, page, "<details><summary>whole output (40 lines)</summary>", "a long one is folded")
}

func TestHTMLReportWordsEveryVerdict(t *testing.T) {
	page := writeHTML(t, everyState(), nil)
	for _, v := range []string{"pass", "fail", "not judged", "not measurable", "not started", "not used"} {
		cell := regexp.MustCompile(`<td class="v [a-z]+"><span class="glyph" aria-hidden="true">[^<]+</span>` + v + `\b`)
		if !cell.MatchString(page) {
			t.Errorf("no table cell says %q in words, beside its glyph", v)
		}
	}
	hasText(t, page, "<strong>Hint 1:</strong> Guard the shared count.")
	hasText(t, page, "refused: uses what the kata does not allow")
	hasText(t, page, "does not compile")
	hasText(t, page, "<code>go run ./grader 03-three</code>")
}
