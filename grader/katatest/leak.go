package katatest

import (
	"testing"
	"testing/synctest"

	"go.uber.org/goleak"
)

// harnessGoroutines are goroutines that belong to synctest or to this package,
// never to the code under test.
var harnessGoroutines = []goleak.Option{
	goleak.IgnoreTopFunction("internal/synctest.Run"),
	goleak.IgnoreTopFunction("testing/synctest.testingSynctestTest"),
	goleak.IgnoreAnyFunction("github.com/deli-katas/deli/grader/katatest.(*watchdog).run"),
}

// NoLeaks fails t if goroutines started by the code under test are still
// alive. Call it once the API promises that everything has stopped: after the
// call returned, after Close, Stop or a cancel.
//
// Inside a [Bubble] it first waits (in fake time) until every other goroutine of
// the bubble is blocked, so goroutines that are merely on their way out are not
// reported, and then reports the ones still there. Outside a bubble it retries
// for a while in real time, as goleak does, ignoring goroutines that were
// already running when the test started only if the test used [Bubble] or
// [NoLeaksAfter].
func NoLeaks(t testing.TB) {
	t.Helper()
	if inBubble(t) {
		synctest.Wait()
	}
	if err := goleak.Find(leakOptions(t)...); err != nil {
		t.Errorf("goroutines left running (leaked):\n%v", err)
	}
}

// leakOptions are the goroutines NoLeaks ignores in t: the harness's own and,
// inside a bubble, those alive before the bubble started.
func leakOptions(t testing.TB) []goleak.Option {
	opts := append([]goleak.Option(nil), harnessGoroutines...)
	return append(opts, outsideGoroutines(t)...)
}

// NoLeaksAfter snapshots the goroutines running now and returns a function
// that fails t if any others are still running when it is called. Use it
// outside a bubble:
//
//	check := katatest.NoLeaksAfter(t)
//	Work()
//	check()
func NoLeaksAfter(t testing.TB) func() {
	t.Helper()
	before := goleak.IgnoreCurrent()
	return func() {
		t.Helper()
		opts := append([]goleak.Option{before}, harnessGoroutines...)
		if err := goleak.Find(opts...); err != nil {
			t.Errorf("goroutines left running (leaked):\n%v", err)
		}
	}
}
