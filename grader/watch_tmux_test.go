package main

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// copyTree copies the files under src to dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	require.NoError(t, os.CopyFS(dst, os.DirFS(src)))
}

// courseWithGrader returns a copy of the course (go.mod, go.sum and the
// exercises as shipped) with the grader built from this tree as bin/grader.
func courseWithGrader(t *testing.T) string {
	t.Helper()
	course := t.TempDir()
	for _, f := range []string{"go.mod", "go.sum"} {
		data, err := os.ReadFile(filepath.Join("..", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(course, f), data, 0o644))
	}
	copyTree(t, filepath.Join("..", "exercises"), filepath.Join(course, "exercises"))
	build := exec.Command("go", "build", "-o", filepath.Join(course, "bin", "grader"), ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "go build: %s", out)
	return course
}

// TestWatchScreenInTmux runs the built grader's watch screen in a detached
// tmux session on a copy of the course: it shows the kata and the keys, and
// q ends it with status 0.
func TestWatchScreenInTmux(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the grader and drives it in tmux; -short skips it")
	}
	tmux, err := exec.LookPath("tmux")
	if err != nil {
		t.Skip("tmux is not installed")
	}
	course := courseWithGrader(t)

	socket := fmt.Sprintf("deli-watch-test-%d", os.Getpid())
	tm := func(args ...string) (string, error) {
		out, err := exec.Command(tmux, append([]string{"-L", socket}, args...)...).CombinedOutput()
		return string(out), err
	}
	script := "cd '" + course + "' && bin/grader watch 01; echo \"watch exited with status $?\"; sleep 600"
	_, err = tm("new-session", "-d", "-s", "watch", "-x", "100", "-y", "30", "sh", "-c", script)
	require.NoError(t, err)
	t.Cleanup(func() { tm("kill-server") })

	// waitFor polls the screen until it holds every one of want; the deadline
	// only bounds a hang, it is not a measurement.
	waitFor := func(want ...string) string {
		t.Helper()
		var screen string
		for deadline := time.Now().Add(2 * time.Minute); time.Now().Before(deadline); time.Sleep(200 * time.Millisecond) {
			screen, err = tm("capture-pane", "-p", "-t", "watch")
			require.NoError(t, err, "%s", screen)
			all := true
			for _, w := range want {
				all = all && strings.Contains(screen, w)
			}
			if all {
				return screen
			}
		}
		t.Fatalf("the screen never showed %q; it shows:\n%s", want, screen)
		return ""
	}
	screen := waitFor("01-sequential: One line, one register", "not started: edit exercises/01-sequential/sequential.go", "q quit")
	require.Contains(t, screen, "0/22 katas complete", "the title's progress")
	require.NotContains(t, screen, "FAIL")
	_, err = tm("send-keys", "-t", "watch", "q")
	require.NoError(t, err)
	waitFor("Stopped watching at 01-sequential.", "watch exited with status 0")
}

// TestWatchWithoutATerminalPrintsLines runs the built grader's watch with its
// output in a pipe: plain lines, no screen and no colour, until interrupted.
func TestWatchWithoutATerminalPrintsLines(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the grader and runs it; -short skips it")
	}
	course := courseWithGrader(t)
	cmd := exec.Command(filepath.Join(course, "bin", "grader"), "watch", "01")
	cmd.Dir = course
	cmd.Env = append(os.Environ(), "CI=")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, cmd.Start())
	var seen strings.Builder
	lines := bufio.NewScanner(stdout)
	for lines.Scan() {
		seen.WriteString(lines.Text() + "\n")
		if strings.HasPrefix(lines.Text(), "Watching ") {
			break
		}
	}
	require.NoError(t, cmd.Process.Signal(os.Interrupt))
	io.Copy(&seen, stdout)
	require.NoError(t, cmd.Wait(), "an interrupted watch exits 0:\n%s", seen.String())
	out := seen.String()
	require.Contains(t, out, "Watching 01-sequential: save its file to grade it again; Ctrl-C stops.")
	require.Regexp(t, `(?m)^01-sequential +todo +todo .* not started$`, out, "a stub unchanged is todo, not FAIL")
	require.NotContains(t, out, "\x1b[", "no escape sequences in a pipe")
}
