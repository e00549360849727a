package katatest

import (
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDecideJudgesOnlyMeasurableAttempts(t *testing.T) {
	quiet, busy := 1.95, 1.2
	cases := []struct {
		name     string
		attempts []attempt
		want     verdict
	}{
		{"a pass on a quiet machine passes at once", []attempt{{machine: quiet, speedup: 1.9}}, passed},
		{"one fall short is measured again", []attempt{{machine: quiet, speedup: 1.0}}, undecided},
		{"two falls short fail", []attempt{{machine: quiet, speedup: 1.0}, {machine: quiet, speedup: 1.1}}, failed},
		{"a dip then a pass passes", []attempt{{machine: quiet, speedup: 1.04}, {machine: quiet, speedup: 1.9}}, passed},
		{"a pass on a busy machine is not judged", []attempt{{machine: busy, speedup: 1.5}}, undecided},
		{"a busy machine every time is not measurable", []attempt{
			{machine: busy, speedup: 1.3}, {machine: busy, speedup: 1.3}, {machine: busy, speedup: 1.3}, {machine: busy, speedup: 1.3},
		}, notMeasurable},
		{"one measured fall short among busy attempts is not a fail", []attempt{
			{machine: quiet, speedup: 1.0}, {machine: busy}, {machine: busy}, {machine: busy},
		}, notMeasurable},
		{"more than the CPUs can give is implausible", []attempt{{machine: quiet, speedup: 5}}, implausible},
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

func TestSummariseTakesMediansAndTheFasterOneCPURun(t *testing.T) {
	ms := time.Millisecond
	rs := []round{
		{cal1: 100 * ms, calP: 50 * ms, run1: 120 * ms, seq1: 100 * ms, runP: 50 * ms, cpuP: 100 * ms},
		{cal1: 100 * ms, calP: 100 * ms, run1: 100 * ms, seq1: 100 * ms, runP: 100 * ms},
		{cal1: 100 * ms, calP: 52 * ms, run1: 100 * ms, seq1: 300 * ms, runP: 50 * ms, cpuP: 100 * ms},
	}
	a := summarise(rs)
	assert.InDelta(t, 100.0/52, a.machine, 1e-9)
	assert.InDelta(t, 2.0, a.speedup, 1e-9, "a slow one-CPU run of the code counts as the sequential version's time")
	assert.InDelta(t, 2.0, a.utilisation, 1e-9)
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
