package main

import (
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/internal/grade"
	"github.com/deli-katas/deli/grader/internal/sandbox"
)

// flags shared by grading and verify.
type commonFlags struct {
	dir            string
	timeout        time.Duration
	speedupTimeout time.Duration
	kataTimeout    time.Duration
	unsandboxed    bool
	memoryMiB      int64
}

// Whether a command must have a sandbox to grade.
type sandboxNeed int

const (
	sandboxIfAvailable sandboxNeed = iota // say so in one line and go on without one
	sandboxRequired                       // refuse to grade without one, unless --unsandboxed
)

// inCI reports whether the grader runs in continuous integration, where a
// grade counts and student code must be sandboxed.
func inCI() bool { return os.Getenv("CI") == "true" }

func (c *commonFlags) register(cmd *cobra.Command) {
	cmd.PersistentFlags().StringVar(&c.dir, "dir", "", "the Deli repository to grade (default: the one around the current directory)")
	cmd.PersistentFlags().DurationVar(&c.timeout, "timeout", 0, "time limit for each run of one dimension's tests (default: when you grade your own work, the kata's own limit, 10s for most, so a hang is reported soon; 1m in batch, CI, verify and with report files)")
	cmd.PersistentFlags().DurationVar(&c.speedupTimeout, "speedup-timeout", 3*time.Minute, "time limit for a kata's speedup measurement")
	cmd.PersistentFlags().DurationVar(&c.kataTimeout, "kata-timeout", 10*time.Minute, "time limit for grading one kata, builds included")
	cmd.PersistentFlags().BoolVar(&c.unsandboxed, "unsandboxed", false, "run student code without the bubblewrap sandbox (batch and CI refuse to grade unsandboxed without this)")
	cmd.PersistentFlags().Int64Var(&c.memoryMiB, "memory", sandbox.DefaultMemory>>20, "MiB of memory one run of a kata's tests may use in the sandbox")
}

// environment is what a command needs once its flags are read.
type environment struct {
	ctx     context.Context
	katas   []catalog.Kata
	opts    grade.Options
	cleanUp func()
}

func setUp(ctx context.Context, common commonFlags, args []string, need sandboxNeed, stderr io.Writer) (*environment, error) {
	dir, err := findRepository(common.dir)
	if err != nil {
		return nil, err
	}
	katas, err := selectKatas(args)
	if err != nil {
		return nil, err
	}
	if common.memoryMiB < 64 {
		return nil, fmt.Errorf("--memory %d: give at least 64 MiB", common.memoryMiB)
	}
	var box *sandbox.Sandbox
	if !common.unsandboxed {
		box, err = sandbox.Detect()
		switch {
		case err != nil && need == sandboxRequired:
			return nil, fmt.Errorf("refusing to grade without a sandbox: %v. "+
				"Install bubblewrap, or pass --unsandboxed to grade anyway (student code then runs with your rights)", err)
		case err != nil:
			fmt.Fprintf(stderr, "grader: no sandbox, so the code runs with your rights: %v\n", err)
		}
	}
	removeStaleScratch(os.TempDir())
	work, err := os.MkdirTemp("", fmt.Sprintf("%s%d-", scratchPrefix, os.Getpid()))
	if err != nil {
		return nil, err
	}
	if ctx == nil {
		ctx = context.Background()
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt)
	return &environment{
		ctx:   ctx,
		katas: katas,
		opts: grade.Options{
			ModuleDir: dir, WorkDir: work, RunTimeout: cmp.Or(common.timeout, gradedRunLimit), SpeedupTimeout: common.speedupTimeout, KataTimeout: common.kataTimeout,
			Sandbox: box, Memory: common.memoryMiB << 20,
		},
		cleanUp: func() { stop(); os.RemoveAll(work) },
	}, nil
}

// scratchPrefix starts the name of every grader's scratch folder, followed by
// the grader's process id.
const scratchPrefix = "deli-grader-"

// removeStaleScratch removes the scratch folders in dir of graders that are
// no longer running: a grader that was killed could not remove its own.
func removeStaleScratch(dir string) {
	entries, _ := os.ReadDir(dir)
	for _, e := range entries {
		rest, ok := strings.CutPrefix(e.Name(), scratchPrefix)
		pid, _, ok2 := strings.Cut(rest, "-")
		n, err := strconv.Atoi(pid)
		if !ok || !ok2 || err != nil || !e.IsDir() || processAlive(n) {
			continue
		}
		os.RemoveAll(filepath.Join(dir, e.Name()))
	}
}

func processAlive(pid int) bool {
	p, err := os.FindProcess(pid)
	return err == nil && p.Signal(syscall.Signal(0)) == nil
}

// findRepository returns dir, or the nearest directory at or above the current
// one whose go.mod declares Deli's module.
func findRepository(dir string) (string, error) {
	if dir != "" {
		abs, err := filepath.Abs(dir)
		if err != nil {
			return "", err
		}
		if !isDeli(abs) {
			return "", fmt.Errorf("%s is not a Deli repository (no go.mod declaring github.com/deli-katas/deli)", dir)
		}
		return abs, nil
	}
	wd, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for d := wd; ; d = filepath.Dir(d) {
		if isDeli(d) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("no Deli repository at or above %s: run the grader inside your clone, or pass --dir", wd)
		}
	}
}

func isDeli(dir string) bool {
	data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
	return err == nil && strings.Contains(string(data), "module "+catalog.ModulePath+"\n")
}

// selectKatas returns the katas named by args, or all of them.
func selectKatas(args []string) ([]catalog.Kata, error) {
	if len(args) == 0 {
		return catalog.All(), nil
	}
	var ks []catalog.Kata
	for _, a := range args {
		k, ok := catalog.Lookup(a)
		if !ok {
			return nil, fmt.Errorf("no kata %q: name one by id (08-primes) or number (8)", a)
		}
		ks = append(ks, k)
	}
	return ks, nil
}

// writeFile writes a file through write, replacing it only once write has
// succeeded, so that a failed run never leaves half a report behind.
func writeFile(path string, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	// A temporary file is private; a report is not.
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		return err
	}
	if err := write(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
