package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"time"

	tea "github.com/charmbracelet/bubbletea"
	"github.com/fsnotify/fsnotify"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/cache"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/progress"
	"github.com/deli-katas/deli/grader/internal/report"
	"github.com/deli-katas/deli/grader/internal/watchui"
)

// settle is how long the files of a kata must stay unchanged before it is
// graded: editors write a file in several steps.
const settle = 300 * time.Millisecond

func newWatchCommand(common *commonFlags, stdout, stderr io.Writer) *cobra.Command {
	var html string
	cmd := &cobra.Command{
		Use:   "watch [kata...]",
		Short: "Work through the katas: grade the current one each time you save it",
		Long: `watch shows one kata at a time, the first not complete of those named (or of
the course), with its last result and what to fix, and grades it again each
time you save one of its .go files. Once a kata earns full marks it moves on
to the next one not complete. Keys: h a hint, n the next kata, r grade again,
l list every kata, q quit.

A kata whose stub is unchanged is not graded: it is "not started". Katas kept
with full marks (.deli/results.json) are not graded again while unchanged.

When the output is not a terminal (a pipe, CI), watch prints a kata's row of
the table and what to fix each time it is graded instead, line by line; Ctrl-C
stops it. NO_COLOR turns colours off.

With --html FILE, watch keeps an HTML report of the katas graded so far fresh
in FILE, with the timeline of each one whose correctness passes: open it in a
browser and reload after a grading.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := setUp(cmd.Context(), *common, args, sandboxIfAvailable, stderr)
			if err != nil {
				return err
			}
			defer env.cleanUp()
			if common.timeout == 0 {
				env.opts.RunLimit = catalog.Kata.StudentRunLimit
			}
			env.opts.StopAfterStall = true
			w, err := fsnotify.NewWatcher()
			if err != nil {
				return fmt.Errorf("cannot watch files: %w", err)
			}
			defer w.Close()
			byDir := map[string]catalog.Kata{}
			for _, k := range env.katas {
				dir := filepath.Join(env.opts.ModuleDir, k.ExerciseDir())
				if err := w.Add(dir); err != nil {
					return fmt.Errorf("cannot watch %s: %w; restore the kata's folder from the course repository", dir, err)
				}
				byDir[dir] = k
			}
			s := newWatchSession(env, stderr)
			s.html = html
			defer s.save()
			ctx, stop := context.WithCancel(env.ctx)
			defer stop()
			changed := watchChanges(ctx, w, byDir, stderr)
			if f, ok := stdout.(*os.File); ok && term.IsTerminal(int(f.Fd())) {
				return watchScreen(ctx, env, s, len(args) > 0, changed, f)
			}
			return watchLines(ctx, env, s, changed, stdout)
		},
	}
	cmd.Flags().StringVar(&html, "html", "", "keep an HTML report of the katas graded so far, with their timelines, in this `file`")
	return cmd
}

// watchSession grades for watch: through the results cache, recording each
// grading in the student's progress. Its methods are safe for concurrent use.
type watchSession struct {
	env     *environment
	opts    grade.Options
	stderr  io.Writer
	mu      sync.Mutex
	history *progress.Progress

	html     string     // the HTML report to keep fresh, if any
	graded   int        // gradings recorded so far, guarded by mu
	htmlMu   sync.Mutex // serialises the report's updates and guards the maps below
	results  map[string]report.KataResult
	pictures map[string]report.Picture
	shown    map[string]int // the grading each kata's result in the report came from
}

func newWatchSession(env *environment, stderr io.Writer) *watchSession {
	s := &watchSession{env: env, opts: env.opts, stderr: stderr, history: progress.Load(env.opts.ModuleDir),
		results: map[string]report.KataResult{}, pictures: map[string]report.Picture{}, shown: map[string]int{}}
	if !inCI() {
		if key := cacheKey(env.opts.ModuleDir); key != nil {
			s.opts.Cache, s.opts.CacheKey = cache.Load(env.opts.ModuleDir), key
		}
	}
	return s
}

// grade grades k, unless its stub is unchanged or it is kept with full marks,
// and records the grading in the progress (a kata not started, or a grading
// cut short by ctx, is not recorded).
func (s *watchSession) grade(ctx context.Context, k catalog.Kata) report.KataResult {
	r := grade.Kata(ctx, k, s.opts)
	if r.Status == report.NotStarted || ctx.Err() != nil {
		return r
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if before, _ := s.history.Record(k.ID, r.Points, r.MaxPoints, time.Now()); before >= 0 {
		r.Previous = &before
	}
	s.saveLocked()
	s.graded++
	if s.html != "" {
		go s.refreshHTML(k, r, s.graded)
	}
	return r
}

// refreshHTML adds r to the HTML report, with a fresh timeline of k when its
// correctness passes, and writes the report again. It runs beside the
// screen, one update at a time, so a trace never holds up the next grading's
// result. n is the grading's number: an update that finds a later grading of
// k already in the report leaves it alone.
func (s *watchSession) refreshHTML(k catalog.Kata, r report.KataResult, n int) {
	s.htmlMu.Lock()
	defer s.htmlMu.Unlock()
	if s.shown[k.ID] > n {
		return
	}
	s.shown[k.ID] = n
	s.results[k.ID] = r
	delete(s.pictures, k.ID)
	if c := r.Dim(catalog.Correctness); r.Status == report.Graded && c != nil && c.Status == report.Pass {
		if pic, err := picture(s.env, k, codeSource{}); err == nil {
			s.pictures[k.ID] = pic
		}
	}
	doc := report.Document{Schema: report.Schema, Source: "exercises", GoVersion: runtime.Version(), CPUs: runtime.NumCPU()}
	for _, c := range catalog.All() {
		if kr, ok := s.results[c.ID]; ok {
			doc.Katas = append(doc.Katas, kr)
		}
	}
	doc.Summary = report.Summarise(doc.Katas)
	if err := writeFile(s.html, func(w io.Writer) error { return report.WriteHTML(w, doc, s.pictures) }); err != nil {
		fmt.Fprintf(s.stderr, "grader watch: --html: %v (grading is not affected)\n", err)
	}
}

// hint returns the next hint not seen yet for what last lost, and notes it
// as seen.
func (s *watchSession) hint(k catalog.Kata, last report.KataResult) (string, int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	grade.SetHint(k, &last, s.history.Seen(k.ID))
	if last.HintNumber > 0 {
		s.history.Show(k.ID, last.HintNumber-1)
		s.saveLocked()
	}
	return last.Hint, last.HintNumber
}

// standings says how each kata of the course stands without grading it: not
// started while its stub is unchanged, complete when kept with full marks or
// when its last grading had them, else as its last grading left it.
func (s *watchSession) standings() map[string]watchui.Standing {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := map[string]watchui.Standing{}
	for _, k := range catalog.All() {
		stub := filepath.Join(s.opts.ModuleDir, k.StubPath())
		if h, err := grade.StubHash(stub); err == nil && h == k.StubSHA256 {
			out[k.ID] = watchui.Standing{State: watchui.NotStarted}
			continue
		}
		if r, ok := grade.Kept(k, s.opts); ok {
			out[k.ID] = watchui.Standing{State: watchui.Complete, Points: r.Points}
			continue
		}
		if p, ok := s.history.Katas[k.ID]; ok && p.Last >= 0 {
			st := watchui.Attempted
			if p.Last == k.MaxPoints() {
				st = watchui.Complete
			}
			out[k.ID] = watchui.Standing{State: st, Points: p.Last}
		}
	}
	return out
}

func (s *watchSession) saveLocked() {
	if err := s.history.Save(s.opts.ModuleDir); err != nil {
		fmt.Fprintf(s.stderr, "grader watch: %v (grading is not affected)\n", err)
	}
	if s.opts.Cache != nil {
		if err := s.opts.Cache.Save(); err != nil {
			fmt.Fprintf(s.stderr, "grader watch: saving %s: %v (grading is not affected)\n", cache.File, err)
		}
	}
}

func (s *watchSession) save() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.saveLocked()
}

// watchChanges sends each kata whose .go files change, until ctx ends.
func watchChanges(ctx context.Context, w *fsnotify.Watcher, byDir map[string]catalog.Kata, stderr io.Writer) <-chan catalog.Kata {
	changed := make(chan catalog.Kata)
	go func() {
		defer close(changed)
		for {
			select {
			case ev, ok := <-w.Events:
				if !ok {
					return
				}
				if k, ok := byDir[filepath.Dir(ev.Name)]; ok && strings.HasSuffix(ev.Name, ".go") {
					select {
					case changed <- k:
					case <-ctx.Done():
						return
					}
				}
			case err, ok := <-w.Errors:
				if !ok {
					return
				}
				fmt.Fprintln(stderr, "grader watch:", err)
			case <-ctx.Done():
				return
			}
		}
	}()
	return changed
}

// watchScreen runs the full-screen loop on the terminal out until the
// student quits or ctx ends.
func watchScreen(ctx context.Context, env *environment, s *watchSession, some bool, changed <-chan catalog.Kata, out *os.File) error {
	m := watchui.New(ctx, watchui.Config{
		Course: catalog.All(), Katas: env.katas, Some: some, Standings: s.standings(),
		Grade: s.grade, Hint: s.hint, Color: os.Getenv("NO_COLOR") == "",
	})
	p := tea.NewProgram(m, tea.WithAltScreen(), tea.WithContext(ctx), tea.WithOutput(out))
	go debounce(ctx, changed, settle, func(k catalog.Kata) { p.Send(watchui.Saved{ID: k.ID}) })
	_, err := p.Run()
	if err != nil && !errors.Is(err, tea.ErrProgramKilled) {
		return fmt.Errorf("the watch screen failed: %w; run 'bin/grader watch | cat' for the plain mode", err)
	}
	if len(env.katas) > 0 {
		fmt.Fprintf(out, "Stopped watching at %s.\n", m.Kata().ID)
	}
	return nil
}

// watchLines is watch without a terminal: it grades the katas once, prints
// their table, then prints a kata's row and what to fix each time it is
// graded again, until ctx ends. It stops, with the error, when it cannot
// write to stdout (the reader of the pipe went away).
func watchLines(ctx context.Context, env *environment, s *watchSession, changed <-chan catalog.Kata, stdout io.Writer) error {
	ctx, stop := context.WithCancel(ctx)
	defer stop()
	gradeOne := func(k catalog.Kata) report.KataResult {
		r := s.grade(ctx, k)
		r.Hint, r.HintNumber = s.hint(k, r)
		return r
	}
	var failed error
	write := func(katas []report.KataResult) {
		doc := report.Document{Schema: report.Schema, Source: "exercises", Katas: katas}
		doc.Summary = report.Summarise(doc.Katas)
		_, err := fmt.Fprintf(stdout, "\n%s  %s\n", time.Now().Format("15:04:05"), strings.Repeat("-", 60))
		if err == nil {
			err = report.WriteTable(stdout, doc, false)
		}
		if err != nil && failed == nil {
			failed = fmt.Errorf("grader watch: writing the results: %w", err)
			stop()
		}
	}
	var all []report.KataResult
	for _, k := range env.katas {
		if ctx.Err() != nil {
			return failed
		}
		all = append(all, gradeOne(k))
	}
	write(all)
	if failed == nil {
		if len(env.katas) == 1 {
			fmt.Fprintf(stdout, "\nWatching %s: save its file to grade it again; Ctrl-C stops.\n", env.katas[0].ID)
		} else {
			fmt.Fprintf(stdout, "\nWatching %d katas: save a file to grade its kata again; Ctrl-C stops.\n", len(env.katas))
		}
	}
	debounce(ctx, changed, settle, func(k catalog.Kata) { write([]report.KataResult{gradeOne(k)}) })
	return failed
}

// debounce calls act once for each kata that changed, after it has stayed
// unchanged for quiet, until ctx ends or changes is closed.
func debounce(ctx context.Context, changes <-chan catalog.Kata, quiet time.Duration, act func(catalog.Kata)) {
	pending := map[string]catalog.Kata{}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case k, ok := <-changes:
			if !ok {
				return
			}
			pending[k.ID] = k
			timer.Reset(quiet)
		case <-timer.C:
			for _, k := range catalog.All() {
				if p, ok := pending[k.ID]; ok {
					act(p)
				}
			}
			clear(pending)
		}
	}
}
