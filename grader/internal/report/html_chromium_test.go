package report

import (
	"html/template"
	"image"
	"image/color"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/deli-katas/deli/grader/internal/timeline"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestHTMLReportRendersInChromium renders the report in headless Chromium
// (scripts/html-check.sh) and looks at the screenshot: the score table's
// header must show in its colour across the top of the page, and the sample
// timeline's bars inside their frame below it. It skips where Chromium is not
// installed, except under CI=true, where a missing browser fails it.
func TestHTMLReportRendersInChromium(t *testing.T) {
	img := screenshot(t, samplePictures())

	header, n := colourBox(img, TableHeaderColour)
	t.Logf("table header %s: %d pixels in %v", TableHeaderColour, n, header)
	require.Greater(t, n, 0, "no pixel of the table header's colour: the table is not shown")
	assert.GreaterOrEqual(t, header.Dx(), 900, "the header spans the table, most of the page's width")
	assert.GreaterOrEqual(t, header.Dy(), 25, "the header is a row tall")
	assert.Less(t, header.Min.Y, 800, "the table sits near the top, under the total")

	bars, n := colourBox(img, timelineColour)
	t.Logf("timeline bars %s: %d pixels in %v", timelineColour, n, bars)
	assert.GreaterOrEqual(t, n, (380+460)*28*9/10, "the sample timeline's two bars, 380x28 and 460x28, drawn at full size")
	assert.Greater(t, bars.Min.Y, header.Max.Y, "the timeline comes after the table, in its kata's section")

	frame, n := colourBox(img, PictureFrameColour)
	t.Logf("picture frame %s: %d pixels in %v", PictureFrameColour, n, frame)
	assert.True(t, bars.In(frame), "the frame %v goes around the timeline %v", frame, bars)

	blank := image.NewRGBA(image.Rect(0, 0, 8, 8))
	_, n = colourBox(blank, TableHeaderColour)
	assert.Zero(t, n, "colourBox finds nothing on a blank image")
}

// colourBox finds the pixels of img within a step or two of the colour hex
// ("#1f4e79"): their bounding box and how many there are.
func colourBox(img image.Image, hex string) (image.Rectangle, int) {
	want := parseHex(hex)
	var box image.Rectangle
	n := 0
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if near(color.RGBAModel.Convert(img.At(x, y)).(color.RGBA), want) {
				box = box.Union(image.Rect(x, y, x+1, y+1))
				n++
			}
		}
	}
	return box, n
}

func parseHex(hex string) color.RGBA {
	v, err := strconv.ParseUint(hex[1:], 16, 32)
	if err != nil || len(hex) != 7 {
		panic("not a #rrggbb colour: " + hex)
	}
	return color.RGBA{R: uint8(v >> 16), G: uint8(v >> 8), B: uint8(v), A: 255}
}

func near(c, want color.RGBA) bool {
	d := func(a, b uint8) int { return max(int(a)-int(b), int(b)-int(a)) }
	return c.A == 255 && d(c.R, want.R) <= 2 && d(c.G, want.G) <= 2 && d(c.B, want.B) <= 2
}

// screenshot renders the everyState report with pictures in headless
// Chromium, the whole page in a 1280x4000 window, and decodes the PNG. It
// skips where Chromium is not installed, except under CI=true.
func screenshot(t *testing.T, pictures map[string]Picture) image.Image {
	t.Helper()
	browser := os.Getenv("CHROMIUM")
	if browser == "" {
		browser = "chromium"
	}
	if _, err := exec.LookPath(browser); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("%s is not installed, and CI must render the HTML report (Debian: apt-get install -y chromium)", browser)
		}
		t.Skipf("%s is not installed (Debian: apt-get install -y chromium); CI runs this test", browser)
	}
	dir := t.TempDir()
	page, shot := filepath.Join(dir, "report.html"), filepath.Join(dir, "report.png")
	require.NoError(t, os.WriteFile(page, []byte(writeHTML(t, everyState(), pictures)), 0o644))
	cmd := exec.Command("bash", "../../../scripts/html-check.sh", page, shot)
	cmd.Env = append(os.Environ(), "HTML_CHECK_WINDOW=1280,4000") // the whole page, to its last kata
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "scripts/html-check.sh:\n%s", out)
	f, err := os.Open(shot)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	require.Equal(t, image.Rect(0, 0, 1280, 4000), img.Bounds(), "the window asked for, at one pixel per CSS pixel")
	return img
}

// TestHTMLReportShowsARealTimelineInChromium puts a timeline drawn by package
// timeline from a real trace (its testdata) in the report, and finds its
// registers' busiest goroutine and its running customers in the screenshot,
// inside the picture's frame.
func TestHTMLReportShowsARealTimelineInChromium(t *testing.T) {
	f, err := os.Open("../timeline/testdata/deli.trace")
	require.NoError(t, err)
	defer f.Close()
	tl, err := timeline.Read(f, timeline.Options{Region: "deli.workload"})
	require.NoError(t, err)
	var svg strings.Builder
	require.NoError(t, tl.WriteSVG(&svg, "a real trace"))
	img := screenshot(t, map[string]Picture{"05-five": {SVG: template.HTML(svg.String()), Caption: "traced", Command: "grader trace 05"}})
	frame, n := colourBox(img, PictureFrameColour)
	require.Greater(t, n, 0, "no picture frame: the timeline is not shown")
	for name, colour := range map[string]string{"the busiest goroutine's spans": "#332288", "the running customers": "#009E73"} {
		box, n := colourBox(img, colour)
		t.Logf("%s %s: %d pixels in %v", name, colour, n, box)
		assert.Greater(t, n, 500, "%s are drawn", name)
		assert.True(t, box.In(frame), "%s %v lie inside the frame %v", name, box, frame)
	}
}
