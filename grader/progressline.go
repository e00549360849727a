package main

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"

	"golang.org/x/term"

	"github.com/deli-katas/deli/grader/catalog"
)

// progressLine shows, on a terminal, what a grading does while it runs: one
// line rewritten in place with a spinner, the kata, the step and the seconds
// since the kata began. Anywhere else it shows nothing.
type progressLine struct {
	w       io.Writer
	mu      sync.Mutex
	kata    string
	step    string
	start   time.Time
	stop    chan struct{}
	stopped chan struct{}
}

// newProgressLine returns a progress line on w, or nil when w is not a
// terminal or NO_COLOR asks for plain output.
func newProgressLine(w io.Writer) *progressLine {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) || os.Getenv("NO_COLOR") != "" || os.Getenv("TERM") == "dumb" {
		return nil
	}
	return &progressLine{w: w}
}

// Begin starts showing kata's grading.
func (p *progressLine) Begin(kata string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	p.kata, p.step, p.start = kata, "starting", time.Now()
	p.stop, p.stopped = make(chan struct{}), make(chan struct{})
	p.mu.Unlock()
	go p.run()
}

// Step records what the grading does now (grade.Options.Progress).
func (p *progressLine) Step(k catalog.Kata, step string) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.step = stepText(step)
}

// stepText says a grading step in words.
func stepText(step string) string {
	switch step {
	case "building":
		return "building the test binaries"
	case string(catalog.Speedup):
		return "measuring the speedup (it has the machine to itself)"
	}
	return "running the " + step + " tests"
}

// End clears the line.
func (p *progressLine) End() {
	if p == nil {
		return
	}
	close(p.stop)
	<-p.stopped
	fmt.Fprint(p.w, "\r\033[K")
}

func (p *progressLine) run() {
	defer close(p.stopped)
	frames := []rune("⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏")
	tick := time.NewTicker(120 * time.Millisecond)
	defer tick.Stop()
	for i := 0; ; i++ {
		p.mu.Lock()
		fmt.Fprintf(p.w, "\r\033[K%c grading %s: %s (%.0fs)", frames[i%len(frames)], p.kata, p.step, time.Since(p.start).Seconds())
		p.mu.Unlock()
		select {
		case <-p.stop:
			return
		case <-tick.C:
		}
	}
}
