package sandbox

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// detect returns a sandbox, skips the test where none can start, and fails it
// there under CI, where grading refuses to run unsandboxed.
func detect(t *testing.T) *Sandbox {
	t.Helper()
	s, err := Detect()
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("no sandbox in CI: %v", err)
		}
		t.Skipf("no sandbox here: %v", err)
	}
	return s
}

// inSandbox runs TestSandboxHelper in the sandbox, doing what, and returns its output.
func inSandbox(t *testing.T, s *Sandbox, dir, what string, limits Limits) (string, error) {
	t.Helper()
	exe, err := os.Executable()
	require.NoError(t, err)
	args := s.Args(Spec{
		Binary: exe, Args: []string{"-test.run=^TestSandboxHelper$", "-test.v"}, Dir: dir,
		Env: []string{"SANDBOX_HELPER=" + what, "GRADER_PID=" + strconv.Itoa(os.Getpid())}, Limits: limits,
	})
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	out, err := exec.CommandContext(ctx, args[0], args[1:]...).CombinedOutput()
	return string(out), err
}

func TestSandboxedCodeCannotWriteTheCourseButHasAPrivateTmp(t *testing.T) {
	s := detect(t)
	dir := t.TempDir()
	out, err := inSandbox(t, s, dir, "write "+dir, Limits{})
	require.NoError(t, err, out)
	assert.Contains(t, out, "course write: refused")
	assert.Contains(t, out, "tmp write: ok")
	assert.NoFileExists(t, filepath.Join(dir, "planted"))
}

func TestSandboxedCodeCannotReachTheNetworkOrTheGrader(t *testing.T) {
	s := detect(t)
	l, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer l.Close()
	out, err := inSandbox(t, s, t.TempDir(), "reach "+l.Addr().String(), Limits{})
	require.NoError(t, err, out)
	assert.Contains(t, out, "dial: refused")
	assert.Contains(t, out, "signal grader: refused")
	_, env, _ := strings.Cut(out, "environment: ")
	env, _, _ = strings.Cut(env, "\n")
	assert.ElementsMatch(t, []string{"SANDBOX_HELPER", "GRADER_PID", "HOME", "TMPDIR", "PATH", "PWD"}, strings.Fields(env),
		"nothing of the grader's environment leaks in")
}

func TestEveryProcessEndsWithTheRun(t *testing.T) {
	s := detect(t)
	marker := fmt.Sprintf("%d.%d", 600+os.Getpid()%100, time.Now().UnixNano()%1000)
	out, err := inSandbox(t, s, t.TempDir(), "escape "+marker, Limits{})
	require.NoError(t, err, out)
	assert.Contains(t, out, "child started")
	time.Sleep(200 * time.Millisecond)
	ps, _ := exec.Command("ps", "-eo", "args").Output()
	assert.NotContains(t, string(ps), "sleep "+marker, "a child in a session of its own outlived the run")
}

func TestFileSizeIsLimited(t *testing.T) {
	s := detect(t)
	out, _ := inSandbox(t, s, t.TempDir(), "bigfile", Limits{FileSize: 1 << 20})
	assert.Contains(t, out, "=== RUN   TestSandboxHelper", "the helper ran")
	assert.NotContains(t, out, "wrote 4 MiB", out)
}

func TestWatchStopsARunThatUsesTooMuchMemory(t *testing.T) {
	exe, err := os.Executable()
	require.NoError(t, err)
	cmd := exec.Command(exe, "-test.run=^TestSandboxHelper$")
	cmd.Env = append(os.Environ(), "SANDBOX_HELPER=allocate")
	require.NoError(t, cmd.Start())
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stopped := make(chan int64, 1)
	Watch(ctx, cmd.Process.Pid, 100<<20, func(used int64) { cmd.Process.Kill(); stopped <- used })
	cmd.Wait()
	select {
	case used := <-stopped:
		assert.Greater(t, used, int64(100<<20))
	default:
		t.Fatal("the run ended without the watch stopping it")
	}
}

// TestSandboxHelper is what the tests above run in the sandbox.
func TestSandboxHelper(t *testing.T) {
	what, arg, _ := strings.Cut(os.Getenv("SANDBOX_HELPER"), " ")
	switch what {
	case "":
		t.Skip("run by the sandbox tests")
	case "write":
		report("course write", os.WriteFile(filepath.Join(arg, "planted"), []byte("x"), 0o644))
		report("tmp write", os.WriteFile(filepath.Join(os.TempDir(), "scratch"), []byte("x"), 0o644))
	case "reach":
		c, err := net.DialTimeout("tcp", arg, time.Second)
		if err == nil {
			c.Close()
		}
		report("dial", err)
		pid, _ := strconv.Atoi(os.Getenv("GRADER_PID"))
		report("signal grader", syscall.Kill(pid, 0))
		var names []string
		for _, kv := range os.Environ() {
			k, _, _ := strings.Cut(kv, "=")
			names = append(names, k)
		}
		fmt.Printf("environment: %s\n", strings.Join(names, " "))
	case "escape":
		cmd := exec.Command("sleep", arg)
		cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true}
		report("child started", cmd.Start())
	case "bigfile":
		f, err := os.Create(filepath.Join(os.TempDir(), "big"))
		if err == nil {
			_, err = f.Write(make([]byte, 4<<20))
		}
		if err == nil {
			fmt.Println("wrote 4 MiB")
		}
	case "allocate":
		var keep [][]byte
		for i := 0; i < 100; i++ {
			b := make([]byte, 16<<20)
			for j := range b {
				b[j] = 1
			}
			keep = append(keep, b)
			time.Sleep(20 * time.Millisecond)
		}
		fmt.Println(len(keep))
	}
}

func report(what string, err error) {
	if err != nil {
		fmt.Printf("%s: refused (%v)\n", what, err)
	} else {
		fmt.Printf("%s: ok\n", what)
	}
}
