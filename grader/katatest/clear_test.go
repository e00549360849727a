package katatest

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestClearVerdictEndsOnlyOnRoundsThatLeaveNoDoubt(t *testing.T) {
	ms := time.Millisecond
	// A quiet machine (calibration 1.96x) and code doing the same work on 2 CPUs.
	mk := func(runP, cpuP time.Duration) round {
		return round{cal1: 100 * ms, calP: 51 * ms, run1: 100 * ms, seq1: 100 * ms, runP: runP, cpu1: 100 * ms, cpuP: cpuP}
	}
	clearPass := mk(52*ms, 100*ms)   // 1.92x with 1.92 CPUs busy
	justPass := mk(69*ms, 100*ms)    // 1.45x: above the bar, not clearly
	sequential := mk(100*ms, 100*ms) // 1.00x with one CPU busy
	nearBar := mk(80*ms, 100*ms)     // 1.25x: below the bar, not clearly
	idleButFast := mk(52*ms, 60*ms)  // 1.92x with 1.15 CPUs busy: not the shape of parallel work
	busyMachine := clearPass         // the calibration beside it showed 1.25x: not judged
	busyMachine.calP = 80 * ms
	crowded := sequential // its threads waited for a CPU half the call: the machine was busy
	crowded.waitP = 50 * ms
	lessWork := mk(40*ms, 20*ms) // on 2 CPUs a fifth of the CPU time of one CPU
	noCPUTimes := clearPass
	noCPUTimes.cpu1, noCPUTimes.cpuP = 0, 0
	oneCPUFast := mk(69*ms, 71*ms)   // 1.45x with 1.03 CPUs busy: a sequential call whose one-CPU time was slow
	halfBusyNear := mk(80*ms, 92*ms) // 1.25x with 1.15 CPUs busy: under the busy line but not clearly
	idleNearBar := mk(80*ms, 84*ms)  // 1.25x with 1.05 CPUs busy: clearly too few
	busyShort := mk(125*ms, 200*ms)  // 0.80x with 1.6 CPUs busy: clearly short
	cases := []struct {
		name string
		rs   []round
		want verdict
	}{
		{"one round far above the bar with the CPUs busy passes", []round{clearPass}, passed},
		{"a round above the bar but not far waits", []round{justPass}, undecided},
		{"a clear round after one above the bar passes", []round{justPass, clearPass}, passed},
		{"a clear round after one below the bar waits", []round{nearBar, clearPass}, undecided},
		{"a fast round with too few CPUs busy never passes", []round{idleButFast, idleButFast, idleButFast}, undecided},
		{"a clear round after a fast idle one waits", []round{idleButFast, clearPass}, undecided},
		{"rounds on a busy machine do not count", []round{busyMachine, busyMachine, busyMachine}, undecided},
		{"a clear round after rounds that did not count passes", []round{busyMachine, clearPass}, passed},
		{"two clearly short rounds are not yet a fail", []round{sequential, sequential}, undecided},
		{"rounds whose calls waited for a CPU do not count", []round{sequential, crowded, sequential}, undecided},
		{"three clearly short rounds fail", []round{sequential, sequential, sequential}, failed},
		{"three clearly short rounds beside one near the bar wait", []round{sequential, nearBar, sequential, sequential}, undecided},
		{"three rounds keeping about one CPU busy fail, however fast they look", []round{oneCPUFast, oneCPUFast, oneCPUFast}, failed},
		{"clearly idle and clearly short rounds add up to a fail", []round{idleNearBar, busyShort, sequential}, failed},
		{"a round just under the busy line is not clearly idle", []round{oneCPUFast, halfBusyNear, oneCPUFast, oneCPUFast}, undecided},
		{"rounds that did less work are left to the attempts", []round{lessWork, lessWork, lessWork}, undecided},
		{"without CPU times nothing ends early", []round{noCPUTimes}, undecided},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, clearVerdict(tc.rs, 2, 1.4))
		})
	}
}

// TestAClearVerdictIsTheOneTheAttemptsReachWhenTheRoundsGoOnAsTheyBegan draws
// 20,000 first attempts, stops each where a clear verdict comes, and checks
// that four attempts built from the judged rounds seen so far, in any order,
// reach the same verdict.
func TestAClearVerdictIsTheOneTheAttemptsReachWhenTheRoundsGoOnAsTheyBegan(t *testing.T) {
	const p, bar = 2, 1.4
	r := rand.New(rand.NewPCG(3, 4))
	seen := map[verdict]int{}
	for range 20000 {
		var rs []round
		v := undecided
		for len(rs) < rounds && v == undecided {
			rs = append(rs, randomRound(r))
			v = clearVerdict(rs, p, bar)
		}
		if v == undecided {
			continue
		}
		seen[v]++
		var judged []round
		for _, x := range rs {
			if x.judged(Floor(p)) {
				judged = append(judged, x)
			}
		}
		for range 20 {
			var as []attempt
			for len(as) < maxAttempts && decide(as, p, bar) == undecided {
				var more []round
				for range rounds {
					more = append(more, judged[r.IntN(len(judged))])
				}
				as = append(as, summarise(more, Floor(p)))
			}
			if got := decide(as, p, bar); got != v {
				t.Fatalf("clear verdict %v after %d rounds, but attempts of the same rounds decide %v", v, len(rs), got)
			}
		}
	}
	assert.Positive(t, seen[passed], "some first attempts pass clearly")
	assert.Positive(t, seen[failed], "some first attempts fail clearly")
	t.Logf("clear verdicts in 20000 first attempts: %d passes, %d fails", seen[passed], seen[failed])
}

// TestNoClearPassWithOneCPUBusy draws rounds from code that keeps about one
// CPU busy on P CPUs (sequential or serialised by a lock, on any machine,
// with any timing luck) and checks that none of them passes clearly.
func TestNoClearPassWithOneCPUBusy(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		var rs []round
		for range rounds {
			x := randomRound(r)
			x.cpuP = time.Duration(float64(x.runP) * (0.8 + 0.45*r.Float64())) // 0.8 to 1.25 CPUs busy
			rs = append(rs, x)
			if clearVerdict(rs, 2, 1.4) == passed {
				t.Fatalf("a clear pass of code keeping at most 1.25 CPUs busy: %+v", rs)
			}
		}
	}
}

func TestARoundWithoutTheSequentialVersionCountsFromItsEarlierTime(t *testing.T) {
	ms := time.Millisecond
	timed := round{cal1: 100 * ms, calP: 51 * ms, run1: 1200 * ms, seq1: 100 * ms, runP: 1000 * ms, cpu1: 1200 * ms, cpuP: 1900 * ms}
	untimed := timed
	untimed.seq1, untimed.seqWall, untimed.seqBefore = 0, 0, 110*ms
	never := untimed
	never.seqBefore = 0
	assert.InDelta(t, 0.1, timed.speedup(), 1e-9, "the faster of the code and the sequential version on one CPU")
	assert.InDelta(t, 0.11, untimed.speedup(), 1e-9, "the sequential version's time in an earlier round")
	assert.InDelta(t, 1.2, never.speedup(), 1e-9, "the code's own one-CPU time")
	a := summarise([]round{timed, untimed, untimed}, Floor(2))
	assert.Equal(t, 100*ms, a.seq1, "the median of the rounds that timed it")
	assert.InDelta(t, 0.11, a.speedup, 1e-9, "no figure of the code's own time, 12 times the sequential version's")
}

func TestAClearAttemptShowsTheFiguresOfTheRoundsThatDecidedIt(t *testing.T) {
	ms := time.Millisecond
	clearPass := round{cal1: 100 * ms, calP: 51 * ms, run1: 100 * ms, seq1: 100 * ms, runP: 52 * ms, cpu1: 100 * ms, cpuP: 100 * ms}
	busyMachine := round{cal1: 100 * ms, calP: 80 * ms, run1: 100 * ms, seq1: 100 * ms, runP: 90 * ms, cpu1: 100 * ms, cpuP: 150 * ms}
	rs := []round{busyMachine, clearPass}
	require.Equal(t, passed, clearVerdict(rs, 2, 1.4))
	a := clearAttempt(rs, Floor(2))
	assert.True(t, a.clear)
	assert.Equal(t, 2, a.rounds, "the rounds taken")
	assert.InDelta(t, 100.0/52, a.speedup, 1e-9)
	assert.InDelta(t, 100.0/51, a.machine, 1e-9, "the calibration of the deciding round, not of the busy one")
	assert.Equal(t, 52*ms, a.runP)
	assert.InDelta(t, 1.0, a.workShare, 1e-9)
}
