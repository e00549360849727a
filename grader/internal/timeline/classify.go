package timeline

import (
	"strings"

	"golang.org/x/exp/trace"
)

// Labels given to goroutines that are not named by their start function.
const (
	testLabel    = "main (test)"
	runtimeLabel = "runtime"
)

// stateOf maps a goroutine's new state, with the reason and stack of the
// transition, to a State. It reports false for a goroutine that no longer
// exists, or whose state the trace does not know.
func stateOf(to trace.GoState, reason string, stack trace.Stack) (State, bool) {
	switch to {
	case trace.GoRunning:
		return Running, true
	case trace.GoRunnable:
		return Runnable, true
	case trace.GoSyscall:
		return Syscall, true
	case trace.GoWaiting:
		if s, ok := blockReasons[reason]; ok {
			return s, true
		}
		return blockedIn(stack), true
	}
	return 0, false
}

// blockReasons maps the runtime's reasons for blocking a goroutine to a
// category. Package sync blocks through the runtime's semaphores, whose reason
// is "sync"; a reason not listed is Other.
var blockReasons = map[string]State{
	"chan send":         Channel,
	"chan receive":      Channel,
	"select":            Channel,
	"sync":              Mutex,
	"sync.(*Cond).Wait": Mutex,
	"sleep":             Sleep,
}

// blockedIn guesses the category of a goroutine reported waiting without a
// reason (as the trace reports the goroutines it finds already waiting) from
// the functions on its stack, innermost first.
func blockedIn(stack trace.Stack) State {
	for f := range stack.Frames() {
		switch {
		case strings.HasPrefix(f.Func, "runtime.chan"), f.Func == "runtime.selectgo":
			return Channel
		case strings.HasPrefix(f.Func, "sync."), strings.HasPrefix(f.Func, "internal/sync."):
			return Mutex
		case f.Func == "time.Sleep":
			return Sleep
		}
	}
	return Other
}

// startFunc returns the function a stack was started in: its outermost frame.
func startFunc(stack trace.Stack) string {
	fn := ""
	for f := range stack.Frames() {
		fn = f.Func
	}
	return fn
}

// wrappers are start functions that only call the function a goroutine was
// asked to run; the goroutine is named after that one instead.
var wrappers = map[string]bool{
	"sync.(*WaitGroup).Go.func1":                      true,
	"golang.org/x/sync/errgroup.(*Group).Go.func1":    true,
	"golang.org/x/sync/errgroup.(*Group).TryGo.func1": true,
}

// wrapped returns the function a wrapper start function called, from one
// of the goroutine's stacks: the frame just inside the outermost one, unless
// that is the wrapper's own closure (its deferred call, say), or "".
func wrapped(stack trace.Stack) string {
	inner, outer := "", ""
	for f := range stack.Frames() {
		inner, outer = outer, f.Func
	}
	if !wrappers[outer] || strings.HasPrefix(inner, outer+".") {
		return ""
	}
	return inner
}

// firstFunc returns the innermost frame's function, which for the stack of a
// goroutine's creation is the function it starts in.
func firstFunc(stack trace.Stack) string {
	for f := range stack.Frames() {
		return f.Func
	}
	return ""
}

// isRuntime reports whether a goroutine started in fn belongs to the Go
// runtime rather than to the program. A goroutine whose start function the
// trace never shows ("") is taken as the runtime's: the trace gives a stack
// for every goroutine the program creates, blocks or preempts.
func isRuntime(fn string) bool {
	if fn == "" {
		return true
	}
	for _, prefix := range []string{"runtime.", "runtime/", "internal/", "unique."} {
		if strings.HasPrefix(fn, prefix) {
			return true
		}
	}
	return false
}

// waitsForTest reports whether a blocked goroutine's stack is package
// testing waiting for a test to end: the test binary's main goroutine in
// testing.(*M).Run, or a test's goroutine in testing.(*T).Run waiting for a
// subtest.
func waitsForTest(stack trace.Stack) bool {
	for f := range stack.Frames() {
		if f.Func == "testing.(*M).Run" || f.Func == "testing.(*T).Run" {
			return true
		}
	}
	return false
}

// labelOf returns the legend's name for a goroutine started in fn: fn without
// its import path, with the test runner's goroutine named as the test's own.
func labelOf(fn string, runtime bool) string {
	switch {
	case runtime:
		return runtimeLabel
	case fn == "testing.tRunner":
		return testLabel
	}
	// Drop the import path: everything up to the last slash.
	return fn[strings.LastIndex(fn, "/")+1:]
}
