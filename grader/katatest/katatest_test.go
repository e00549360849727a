package katatest

import (
	"os"
	"os/exec"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecideJudgesOnlyMeasurableAttempts(t *testing.T) {
	quiet := func(speedup float64) attempt { return attempt{machine: 1.95, judged: true, speedup: speedup} }
	busy := func(speedup float64) attempt { return attempt{machine: 1.2, speedup: speedup} }
	cases := []struct {
		name     string
		attempts []attempt
		want     verdict
	}{
		{"a pass on a quiet machine passes at once", []attempt{quiet(1.9)}, passed},
		{"one fall short is measured again", []attempt{quiet(1.0)}, undecided},
		{"two falls short fail", []attempt{quiet(1.0), quiet(1.1)}, failed},
		{"a dip then a pass passes", []attempt{quiet(1.04), quiet(1.9)}, passed},
		{"a pass on a busy machine is not judged", []attempt{busy(1.5)}, undecided},
		{"a busy machine every time is not measurable", []attempt{
			busy(1.3), busy(1.3), busy(1.3), busy(1.3),
		}, notMeasurable},
		{"one measured fall short among busy attempts is not a fail", []attempt{
			quiet(1.0), busy(0), busy(0), busy(0),
		}, notMeasurable},
		{"more than the CPUs can give is implausible", []attempt{quiet(5)}, implausible},
		{"a fast call that used far less CPU time is less work", []attempt{
			{machine: 1.95, judged: true, speedup: 1.9, workShare: 0.1},
		}, lessWork},
		{"a figure over the bar from one busy CPU is a fall short", []attempt{
			{machine: 1.95, judged: true, speedup: 1.5, utilisation: 1.01, workShare: 0.7},
			{machine: 1.95, judged: true, speedup: 1.5, utilisation: 1.01, workShare: 0.7},
		}, failed},
		{"parallel work that used a little more CPU time passes", []attempt{
			{machine: 1.95, judged: true, speedup: 1.9, workShare: 1.15},
		}, passed},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, decide(tc.attempts, 2, 1.4))
		})
	}
}

func TestFloorAndCeilingBracketTheBar(t *testing.T) {
	assert.InDelta(t, 1.8, Floor(2), 1e-9)
	assert.InDelta(t, 6.6, Floor(8), 1e-9)
	assert.InDelta(t, 3.0, Ceiling(2), 1e-9)
}

func TestCurveCPUsArePowersOfTwoUpToTheMachine(t *testing.T) {
	cases := map[int][]int{0: {1}, 1: {1}, 2: {1, 2}, 6: {1, 2, 4, 6}, 16: {1, 2, 4, 8, 16}}
	for n, want := range cases {
		assert.Equal(t, want, CurveCPUs(n), "on %d CPUs", n)
	}
}

func TestSummariseTakesMediansAndTheFasterOneCPURun(t *testing.T) {
	ms := time.Millisecond
	rs := []round{
		{cal1: 100 * ms, calP: 50 * ms, run1: 120 * ms, seq1: 100 * ms, runP: 50 * ms, cpu1: 100 * ms, cpuP: 100 * ms},
		{cal1: 100 * ms, calP: 100 * ms, run1: 100 * ms, seq1: 100 * ms, runP: 100 * ms},
		{cal1: 100 * ms, calP: 52 * ms, run1: 100 * ms, seq1: 300 * ms, runP: 50 * ms, cpu1: 50 * ms, cpuP: 100 * ms},
	}
	a := summarise(rs, 1.8)
	assert.InDelta(t, 100.0/52, a.machine, 1e-9)
	assert.InDelta(t, 2.0, a.speedup, 1e-9, "a slow one-CPU run of the code counts as the sequential version's time")
	assert.InDelta(t, 2.0, a.utilisation, 1e-9)
	assert.InDelta(t, 1.5, a.workShare, 1e-9, "the median of 1.0 and 2.0")
	assert.False(t, a.judged, "only two of three rounds reached the floor")

	rs = append(rs, round{cal1: 100 * ms, calP: 50 * ms, run1: 100 * ms, seq1: 100 * ms, runP: 80 * ms})
	a = summarise(rs, 1.8)
	assert.True(t, a.judged)
	assert.InDelta(t, 2.0, a.speedup, 1e-9, "the median of the judged rounds only: 2.0, 2.0, 1.25")
}

func TestGaugeRemembersTheMostCallsAtOnce(t *testing.T) {
	var g Gauge
	var wg sync.WaitGroup
	release := make(chan struct{})
	f := Track(&g, func(int) int { <-release; return 0 })
	for i := range 5 {
		wg.Add(1)
		go func() { defer wg.Done(); f(i) }()
	}
	for g.Current() < 5 {
		time.Sleep(time.Millisecond)
	}
	close(release)
	wg.Wait()
	assert.Equal(t, 5, g.Max())
	assert.Equal(t, 0, g.Current())
	assert.Equal(t, 5, g.Total())
}

// helperProcess runs one of the Test…Helper tests below in a child process,
// for behaviour that ends or fails the test binary on purpose.
func helperProcess(t *testing.T, name string) (string, error) {
	t.Helper()
	if testing.Short() {
		t.Skip("starts a child process; -short skips it")
	}
	cmd := exec.Command(os.Args[0], "-test.run=^"+name+"$", "-test.v")
	cmd.Env = append(os.Environ(), "KATATEST_HELPER=1")
	out, err := cmd.CombinedOutput()
	return string(out), err
}

func TestBubbleTurnsAMutexDeadlockIntoAPromptFailure(t *testing.T) {
	start := time.Now()
	out, err := helperProcess(t, "TestMutexDeadlockHelper")
	require.Error(t, err, "the child must fail")
	assert.Contains(t, out, "TestMutexDeadlockHelper: the synctest bubble is stuck")
	assert.Contains(t, out, "sync.Mutex.Lock")
	assert.Contains(t, out, "panic: TestMutexDeadlockHelper: deadlock")
	assert.Less(t, time.Since(start), time.Minute, "the child hung instead of failing promptly")
}

func TestNoLeaksReportsAGoroutineLeftBlocked(t *testing.T) {
	out, err := helperProcess(t, "TestLeakingHelper")
	require.Error(t, err, "the child must fail")
	assert.Contains(t, out, "goroutines left running (leaked)")
	assert.Contains(t, out, "katatest.TestLeakingHelper")
}

func TestNoLeaksPassesCleanCode(t *testing.T) {
	Bubble(t, func(t *testing.T) {
		done := make(chan struct{})
		go func() { time.Sleep(time.Second); close(done) }()
		<-done
		NoLeaks(t)
	})
	check := NoLeaksAfter(t)
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { wg.Done() }()
	wg.Wait()
	check()
}

// The watchdog may not have run yet when the body starts: on one CPU it is
// still queued behind the bubble, its stack only a compiler-made wrapper. A
// leak check at that moment must not take it for the code's goroutine.
func TestNoLeaksNeverReportsTheWatchdogOfItsOwnBubble(t *testing.T) {
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(1))
	for range 100 {
		Bubble(t, func(t *testing.T) { NoLeaks(t) })
		if t.Failed() {
			return
		}
	}
}

func TestFirstUserFrameSkipsTheStandardLibrary(t *testing.T) {
	stack := "sync.runtime_SemacquireMutex(0xc000012345?, 0x0?, 0x1?)\n" +
		"\t/usr/local/go/src/runtime/sema.go:95 +0x25\n" +
		"sync.(*Mutex).Lock(...)\n" +
		"\t/usr/local/go/src/sync/mutex.go:46\n" +
		"github.com/deli-katas/deli/exercises/03-mutex.(*Ledger).Transfer(0xc0000a2000, {0x5, 0x6})\n" +
		"\t/home/s/deli/exercises/03-mutex/ledger.go:41 +0x85\n" +
		"created by testing/synctest.Test in goroutine 7\n" +
		"\t/usr/local/go/src/testing/synctest/synctest.go:12 +0x1\n"
	assert.Equal(t, "03-mutex/ledger.go:41", firstUserFrame(stack))
	assert.Equal(t, "?", firstUserFrame("sync.(*Mutex).Lock(...)\n\t/usr/local/go/src/sync/mutex.go:46\n"))
}

func TestMutexDeadlockHelper(t *testing.T) {
	if os.Getenv("KATATEST_HELPER") == "" {
		t.Skip("run by TestBubbleTurnsAMutexDeadlockIntoAPromptFailure")
	}
	StallTimeout = 500 * time.Millisecond
	Bubble(t, func(t *testing.T) {
		var a, b sync.Mutex
		var wg sync.WaitGroup
		wg.Add(2)
		go func() { defer wg.Done(); a.Lock(); time.Sleep(time.Second); b.Lock() }()
		go func() { defer wg.Done(); b.Lock(); time.Sleep(time.Second); a.Lock() }()
		wg.Wait()
	})
}

func TestLeakingHelper(t *testing.T) {
	if os.Getenv("KATATEST_HELPER") == "" {
		t.Skip("run by TestNoLeaksReportsAGoroutineLeftBlocked")
	}
	Bubble(t, func(t *testing.T) {
		ch := make(chan int)
		go func() { ch <- 1 }()
		NoLeaks(t)
		<-ch
	})
}

func TestSummariseDoesNotJudgeRoundsWhoseCallsWereKeptFromTheCPUs(t *testing.T) {
	ms := time.Millisecond
	// A parallel call on a quiet machine: both CPUs busy, half the time.
	fair := round{cal1: 100 * ms, calP: 51 * ms, run1: 100 * ms, runP: 52 * ms, seq1: 100 * ms, cpu1: 100 * ms, cpuP: 102 * ms}
	// The same call kept waiting by other work although the calibration
	// beside it looked fine: the same CPU time over four times the wall time.
	starved := fair
	starved.runP, starved.cpuP = 250*ms, 100*ms
	// A call that sleeps instead of working: little CPU time, judged (and
	// caught by the work share).
	sleeper := fair
	sleeper.runP, sleeper.cpuP = 52*ms, 2*ms

	assert.False(t, fair.starved())
	assert.True(t, starved.starved())
	assert.False(t, sleeper.starved(), "less work is judged, so that it is caught")

	a := summarise([]round{starved, starved, starved, fair, fair}, Floor(2))
	assert.False(t, a.judged, "two fair rounds of five are too few to judge")
	a = summarise([]round{starved, starved, fair, fair, fair}, Floor(2))
	assert.True(t, a.judged)
	assert.InDelta(t, 100.0/52, a.speedup, 0.01, "the figure comes from the fair rounds only")
}

func TestSummariseDoesNotJudgeRoundsWhoseCallsWaitedForACPU(t *testing.T) {
	ms := time.Millisecond
	fair := round{cal1: 100 * ms, calP: 51 * ms, run1: 100 * ms, runP: 52 * ms, seq1: 100 * ms, cpu1: 100 * ms, cpuP: 102 * ms}
	// Beside two CPU hogs: the calibration came out at 1.96x, but the
	// threads of the call on 2 CPUs waited for a CPU as long as the call took.
	beside := fair
	beside.runP, beside.cpuP, beside.waitP = 100*ms, 100*ms, 100*ms
	slowOne := fair // the same on one CPU
	slowOne.run1, slowOne.wait1 = 200*ms, 100*ms
	unknown := fair
	unknown.wait1, unknown.waitP = -1, -1
	waitedABit := fair
	waitedABit.waitP = 6 * ms // 0.12 of the call: the most seen on a quiet machine
	// A lock contended on a quiet machine: 0.6 of the call waiting, but in
	// 1,000 wake-ups of 30 µs each, not behind other work.
	contended := fair
	contended.waitP, contended.slicesP = 30*ms, 1000
	beside.slicesP = 50 // 2 ms each time

	assert.True(t, beside.crowded())
	assert.True(t, slowOne.crowded())
	assert.False(t, unknown.crowded(), "where the wait is unknown, the calibration alone decides")
	assert.False(t, waitedABit.crowded())
	assert.False(t, contended.crowded(), "many short waits for a free CPU are wake-ups, not other work")
	a := summarise([]round{beside, beside, slowOne, fair, fair}, Floor(2))
	assert.False(t, a.judged, "two fair rounds of five are too few to judge")
	a = summarise([]round{beside, fair, waitedABit, fair, beside}, Floor(2))
	assert.True(t, a.judged)
	assert.InDelta(t, 100.0/52, a.speedup, 0.01, "the figure comes from the rounds that did not wait")
}
