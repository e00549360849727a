package katatest

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"sync"
	"testing"
	"testing/synctest"
	"time"

	"go.uber.org/goleak"
)

// StallTimeout is how long, in real time, a bubble may sit unchanged while one of
// its goroutines is blocked on something synctest cannot see before [Bubble]
// declares it stalled. Fake time does not pass during such a stall, so a test
// that is merely slow never looks unchanged for this long.
var StallTimeout = 2 * time.Second

// bubbles maps the *testing.T of a running bubble body to the goroutines that
// were alive before the bubble started, so NoLeaks can ignore them.
var bubbles sync.Map

func inBubble(t testing.TB) bool {
	_, ok := bubbles.Load(t)
	return ok
}

func outsideGoroutines(t testing.TB) []goleak.Option {
	if v, ok := bubbles.Load(t); ok {
		return []goleak.Option{v.(goleak.Option)}
	}
	return nil
}

// Bubble runs body inside a testing/synctest bubble, as synctest.Test does: time
// is fake, and a deadlock on channels, sync.Cond or sync.WaitGroup makes
// synctest fail the test.
//
// A goroutine blocked on a sync.Mutex or sync.RWMutex is invisible to synctest:
// the bubble neither advances its clock nor reports a deadlock, and the test
// would hang until go test's -timeout. Bubble watches for that in real time.
// When the bubble has no goroutine running and stays unchanged for
// [StallTimeout] while one of its goroutines waits on such a lock (or on I/O),
// Bubble prints the bubble's goroutines and ends the test binary with a panic
// that names the test. Do not use it in parallel tests.
func Bubble(t *testing.T, body func(t *testing.T)) {
	t.Helper()
	w := &watchdog{test: t.Name(), done: make(chan struct{}), interval: StallTimeout / 10}
	go w.run()
	defer close(w.done)
	// Taken after the watchdog starts, so NoLeaks ignores it even before it
	// has run a single instruction of its own (its stack is then only a
	// compiler-made wrapper, which no function name matches).
	outside := goleak.IgnoreCurrent()
	synctest.Test(t, func(t *testing.T) {
		bubbles.Store(t, outside)
		defer bubbles.Delete(t)
		body(t)
	})
}

type watchdog struct {
	test     string
	done     chan struct{}
	interval time.Duration
}

func (w *watchdog) run() {
	ticker := time.NewTicker(w.interval)
	defer ticker.Stop()
	var last string
	var since time.Time
	for {
		select {
		case <-w.done:
			return
		case <-ticker.C:
		}
		snap := snapshotBubbles()
		if !snap.stalled() || snap.signature != last {
			last, since = "", time.Time{}
			if snap.stalled() {
				last, since = snap.signature, time.Now()
			}
			continue
		}
		if time.Since(since) >= StallTimeout {
			select {
			case <-w.done:
				return
			default:
			}
			fmt.Fprintf(os.Stderr, "\n%s: the synctest bubble is stuck: fake time cannot advance while a goroutine\n"+
				"waits on something synctest cannot see (a sync.Mutex or RWMutex: a lock-order deadlock, or a lock\n"+
				"held across a blocking call; or I/O). Unchanged for %v:\n%s\n",
				w.test, StallTimeout, snap.text)
			panic(fmt.Sprintf("%s: deadlock: goroutines blocked on a mutex (or I/O) inside the synctest bubble", w.test))
		}
	}
}

// bubbleSnapshot is what the watchdog sees of the bubbles' goroutines at one moment.
type bubbleSnapshot struct {
	goroutines int    // goroutines in any bubble
	running    int    // of them, running or runnable
	invisible  int    // of them, blocked in a way synctest does not count as durable
	signature  string // the stacks, without goroutine wait times
	text       string // the stacks, for the report
}

func (s bubbleSnapshot) stalled() bool {
	return s.goroutines > 0 && s.running == 0 && s.invisible > 0
}

// waitTime matches the ", 3 minutes" a traceback adds to long waits.
var waitTime = regexp.MustCompile(`, [0-9]+ minutes`)

func snapshotBubbles() bubbleSnapshot {
	buf := make([]byte, 1<<20)
	for {
		n := runtime.Stack(buf, true)
		if n < len(buf) {
			buf = buf[:n]
			break
		}
		buf = make([]byte, 2*len(buf))
	}
	var s bubbleSnapshot
	var sig, stuck, rest strings.Builder
	where := map[string]int{} // "state at file:line" of goroutines synctest cannot see, counted
	var order []string
	for _, g := range strings.Split(string(buf), "\n\n") {
		header, body, _ := strings.Cut(g, "\n")
		if !strings.Contains(header, "synctest bubble") {
			continue
		}
		s.goroutines++
		state := header[strings.Index(header, "[")+1:]
		state, _, _ = strings.Cut(state, ",")
		invisible := false
		switch {
		case strings.HasPrefix(state, "running"), strings.HasPrefix(state, "runnable"):
			s.running++
		case !strings.Contains(header, "(durable)"):
			s.invisible++
			invisible = true
		}
		fmt.Fprintln(&sig, waitTime.ReplaceAllString(header, ""))
		fmt.Fprintln(&sig, body)
		switch {
		case invisible:
			key := state + " at " + firstUserFrame(body)
			if where[key] == 0 {
				order = append(order, key)
			}
			where[key]++
			fmt.Fprintf(&stuck, "%s\n\n", g)
		case !strings.HasPrefix(body, "internal/synctest.Run(") && !strings.HasPrefix(body, "testing/synctest.testingSynctestTest("):
			fmt.Fprintf(&rest, "%s\n\n", g)
		}
	}
	var text strings.Builder
	for _, key := range order {
		fmt.Fprintf(&text, "  %d goroutine(s) in %s\n", where[key], key)
	}
	fmt.Fprintf(&text, "\n%s%s", stuck.String(), rest.String())
	s.signature, s.text = sig.String(), text.String()
	return s
}

// firstUserFrame returns the file:line of the first frame of a goroutine's
// stack whose function lies outside the standard library (its import path
// has a dot in its first element), or "?".
func firstUserFrame(stack string) string {
	lines := strings.Split(stack, "\n")
	for i := 0; i+1 < len(lines); i++ {
		fn := strings.TrimPrefix(lines[i], "created by ")
		if strings.HasPrefix(fn, "\t") || !isUserFunction(fn) {
			continue
		}
		loc, _, _ := strings.Cut(strings.TrimSpace(lines[i+1]), " ")
		return filepath.Base(filepath.Dir(loc)) + "/" + filepath.Base(loc)
	}
	return "?"
}

// isUserFunction reports whether a traceback's function line names a function
// outside the standard library: "example.com/m/pkg.F(...)" is, "sync.(*Mutex).Lock(...)" is not.
func isUserFunction(line string) bool {
	path, _, _ := strings.Cut(line, "(")
	first, _, _ := strings.Cut(path, "/")
	return strings.Contains(first, ".") && strings.Contains(path, "/")
}
