package main

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/progress"
	"github.com/deli-katas/deli/grader/internal/report"
)

// settle is how long the files of a kata must stay unchanged before it is
// graded: editors write a file in several steps.
const settle = 300 * time.Millisecond

func newWatchCommand(common *commonFlags, stdout, stderr io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "watch [kata...]",
		Short: "Grade a kata again each time you save one of its files",
		Long: `watch grades each kata once, then watches the exercises' folders and grades a
kata again whenever one of its .go files changes, printing its row of the
table and what to fix. Stop it with Ctrl-C.`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			env, err := setUp(cmd.Context(), *common, args, sandboxIfAvailable, stderr)
			if err != nil {
				return err
			}
			defer env.cleanUp()
			if common.timeout == 0 {
				env.opts.RunTimeout = studentRunLimit
			}
			w, err := fsnotify.NewWatcher()
			if err != nil {
				return &exitError{exitUsage, fmt.Errorf("cannot watch files: %w", err)}
			}
			defer w.Close()
			byDir := map[string]catalog.Kata{}
			for _, k := range env.katas {
				dir := filepath.Join(env.opts.ModuleDir, "exercises", k.ID)
				if err := w.Add(dir); err != nil {
					return &exitError{exitUsage, fmt.Errorf("cannot watch %s: %w", dir, err)}
				}
				byDir[dir] = k
			}
			history := progress.Load(env.opts.ModuleDir)
			gradeOne := func(k catalog.Kata) {
				opts := env.opts
				opts.Force = true
				r := grade.Kata(env.ctx, k, opts)
				recordProgress(history, k, &r)
				history.Save(env.opts.ModuleDir)
				doc := report.Document{Schema: report.Schema, Source: "exercises", Katas: []report.Kata{r}}
				doc.Summary = report.Summarise(doc.Katas)
				fmt.Fprintf(stdout, "\n%s  %s\n", time.Now().Format("15:04:05"), strings.Repeat("-", 60))
				report.WriteTable(stdout, doc, true)
			}
			for _, k := range env.katas {
				gradeOne(k)
			}
			fmt.Fprintf(stdout, "\nWatching %d katas: save a file to grade its kata again; Ctrl-C stops.\n", len(env.katas))
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
							case <-env.ctx.Done():
								return
							}
						}
					case err, ok := <-w.Errors:
						if !ok {
							return
						}
						fmt.Fprintln(stderr, "grader watch:", err)
					case <-env.ctx.Done():
						return
					}
				}
			}()
			debounce(env.ctx, changed, settle, gradeOne)
			return nil
		},
	}
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
