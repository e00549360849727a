// Package sandbox runs a test binary, which holds student code, where it can
// harm nothing: with bubblewrap (bwrap, the sandbox Flatpak uses) it gets its
// own PID, network, IPC and UTS namespaces (so every process it starts ends
// with it, it has no network, and it cannot see or signal the grader), a
// read-only view of the few folders it needs, a private /tmp, no environment
// but what the grader passes, and limits on CPU time, file size and open
// files. Memory is watched from outside (see Watch), since an address-space
// limit would break binaries built with -race.
package sandbox

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"time"
)

// Limits bound what one run may use.
type Limits struct {
	Memory    int64         // bytes of resident memory, over all its processes
	CPUTime   time.Duration // CPU time of each process
	FileSize  int64         // bytes any one file it writes may reach
	OpenFiles int           // file descriptors per process
}

// DefaultMemory is the memory a run may use unless the grader is told otherwise.
const DefaultMemory = 2 << 30

// A Sandbox wraps commands to run under bwrap. The zero value is not usable:
// get one from Detect.
type Sandbox struct {
	bwrap   string
	prlimit string
}

// Detect finds bwrap and prlimit and checks that a sandbox can start on this
// machine (namespaces may be refused: an unprivileged user where user
// namespaces are off, a container's seccomp profile). The error says why not
// and what to do.
func Detect() (*Sandbox, error) {
	bwrap, err := exec.LookPath("bwrap")
	if err != nil {
		return nil, errors.New("bubblewrap (bwrap) is not installed: on Debian or Ubuntu, apt-get install bubblewrap")
	}
	prlimit, err := exec.LookPath("prlimit")
	if err != nil {
		return nil, errors.New("prlimit is not installed: on Debian or Ubuntu, apt-get install util-linux")
	}
	s := &Sandbox{bwrap: bwrap, prlimit: prlimit}
	args := s.Args(Spec{Binary: "/bin/true", Dir: "/"})
	if out, err := exec.Command(args[0], args[1:]...).CombinedOutput(); err != nil {
		return nil, fmt.Errorf("bubblewrap cannot start a sandbox here (%v: %s); namespaces may be off for this user "+
			"(Ubuntu: sysctl kernel.apparmor_restrict_unprivileged_userns=0) or refused by the container", err, bytesTrim(out))
	}
	return s, nil
}

func bytesTrim(b []byte) string {
	s := string(b)
	if len(s) > 300 {
		s = s[:300]
	}
	return s
}

// Spec says what to run in the sandbox.
type Spec struct {
	Binary   string   // the program; its folder is visible, read-only
	Args     []string // its arguments
	Dir      string   // its working folder, visible read-only
	ReadOnly []string // further folders or files it may read
	Env      []string // its whole environment, "NAME=value"
	Limits   Limits
	// Shared are files bound read-write, such as the lock file every
	// speedup measurement on the machine takes.
	Shared []Bind
}

// A Bind makes the file Host visible in the sandbox at Inside.
type Bind struct{ Host, Inside string }

// systemPaths are the folders a test binary needs to start: the dynamic
// loader and C library of binaries built with -race or cgo.
var systemPaths = []string{"/usr", "/lib", "/lib64", "/lib32", "/bin", "/etc/ld.so.cache"}

// Args returns the command line that runs spec in the sandbox, program first.
func (s *Sandbox) Args(spec Spec) []string {
	a := []string{s.bwrap,
		"--unshare-all", "--die-with-parent", "--new-session",
		"--cap-drop", "ALL",
		"--proc", "/proc", "--dev", "/dev",
		"--size", strconv.Itoa(64 << 20), "--tmpfs", "/tmp",
		"--clearenv",
	}
	for _, p := range systemPaths {
		a = append(a, "--ro-bind-try", p, p)
	}
	for _, p := range append([]string{filepath.Dir(spec.Binary), spec.Dir}, spec.ReadOnly...) {
		a = append(a, "--ro-bind", p, p)
	}
	for _, b := range spec.Shared {
		a = append(a, "--bind", b.Host, b.Inside)
	}
	a = append(a, "--setenv", "HOME", "/tmp", "--setenv", "TMPDIR", "/tmp", "--setenv", "PATH", "/usr/bin:/bin")
	for _, kv := range spec.Env {
		if k, v, ok := cut(kv); ok {
			a = append(a, "--setenv", k, v)
		}
	}
	a = append(a, "--chdir", spec.Dir, "--", s.prlimit)
	l := spec.Limits
	if l.CPUTime > 0 {
		a = append(a, fmt.Sprintf("--cpu=%d", int(l.CPUTime.Seconds())+1))
	}
	if l.FileSize > 0 {
		a = append(a, fmt.Sprintf("--fsize=%d", l.FileSize))
	}
	if l.OpenFiles > 0 {
		a = append(a, fmt.Sprintf("--nofile=%d", l.OpenFiles))
	}
	a = append(a, "--", spec.Binary)
	return append(a, spec.Args...)
}

func cut(kv string) (k, v string, ok bool) {
	for i := 0; i < len(kv); i++ {
		if kv[i] == '=' {
			return kv[:i], kv[i+1:], i > 0
		}
	}
	return "", "", false
}

// SharedFile makes sure the file at path exists, so that it can be bound
// into sandboxes, and returns path.
func SharedFile(path string) string {
	if f, err := os.OpenFile(path, os.O_RDONLY|os.O_CREATE, 0o666); err == nil {
		f.Close()
	}
	return path
}
