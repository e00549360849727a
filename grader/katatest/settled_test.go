package katatest

import (
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// outcome is what decide makes of a lone attempt: a pass, a fall short, less
// work, implausible, or not judged.
func outcome(a attempt, p int, bar float64) string {
	switch decide([]attempt{a}, p, bar) {
	case passed:
		return "pass"
	case lessWork:
		return "less work"
	case implausible:
		return "implausible"
	}
	if a.judged {
		return "short"
	}
	return "not judged"
}

// randomRound draws a round from a wide range of machines and codes: mostly
// quiet calibrations but busy ones too, speedups from 0.5x to 4x, CPU times
// from idle to busy and work from a fifth to twice the one-CPU calls'.
func randomRound(r *rand.Rand) round {
	between := func(lo, hi float64) float64 { return lo + r.Float64()*(hi-lo) }
	ms := func(x float64) time.Duration { return time.Duration(x * float64(time.Millisecond)) }
	calP := between(50, 55)
	if r.IntN(10) < 3 {
		calP = between(55, 90)
	}
	run1 := between(50, 150)
	cpu1 := run1 * between(0.9, 1.1)
	share := between(0.8, 1.3)
	if r.IntN(10) < 2 {
		share = between(0.2, 0.8)
	}
	return round{
		cal1: ms(100), calP: ms(calP),
		run1: ms(run1), seq1: ms(between(50, 150)), runP: ms(run1 / between(0.5, 4)),
		cpu1: ms(cpu1), cpuP: ms(cpu1 * share),
	}
}

func TestASettledAttemptEndsAsItsRemainingRoundsWouldHaveMadeIt(t *testing.T) {
	const p, bar = 2, 1.4
	r := rand.New(rand.NewPCG(1, 2))
	settledSeen, early := map[string]int{}, 0
	for range 20000 {
		var rs []round
		for len(rs) < rounds {
			rs = append(rs, randomRound(r))
			if settled(rs, p, bar) {
				break
			}
		}
		if len(rs) == rounds {
			continue // ran to the end: nothing was decided early
		}
		early++
		want := outcome(summarise(rs, Floor(p)), p, bar)
		settledSeen[want]++
		for range 20 { // whatever the rounds left would have shown
			full := append([]round(nil), rs...)
			for len(full) < rounds {
				full = append(full, randomRound(r))
			}
			if got := outcome(summarise(full, Floor(p)), p, bar); got != want {
				t.Fatalf("stopped after %d rounds as %q, but with all %d rounds it is %q", len(rs), want, rounds, got)
			}
		}
	}
	assert.Positive(t, settledSeen["pass"], "some attempts settle early as passes")
	assert.Positive(t, settledSeen["short"], "some attempts settle early as falls short")
	t.Logf("%d of 20000 attempts settled early: %v", early, settledSeen)
}

func TestSettledWaitsForAMajorityOfRounds(t *testing.T) {
	ms := time.Millisecond
	fast := round{cal1: 100 * ms, calP: 51 * ms, run1: 100 * ms, seq1: 100 * ms, runP: 52 * ms, cpu1: 100 * ms, cpuP: 100 * ms}
	slow := round{cal1: 100 * ms, calP: 51 * ms, run1: 100 * ms, seq1: 100 * ms, runP: 100 * ms, cpu1: 100 * ms, cpuP: 100 * ms}
	busyMachine := fast
	busyMachine.calP = 80 * ms // the calibration showed 1.25x: not judged
	noCPUTimes := fast
	noCPUTimes.cpu1, noCPUTimes.cpuP = 0, 0
	cases := []struct {
		name string
		rs   []round
		want bool
	}{
		{"two clear passes are not yet a majority", []round{fast, fast}, false},
		{"three clear passes settle a pass", []round{fast, fast, fast}, true},
		{"three clear falls short settle a fall short", []round{slow, slow, slow}, true},
		{"two and one leave it open", []round{fast, slow, fast}, false},
		{"a round on a busy machine does not count", []round{fast, busyMachine, fast}, false},
		{"without CPU times nothing settles early", []round{noCPUTimes, noCPUTimes, noCPUTimes}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, settled(tc.rs, 2, 1.4))
		})
	}
}
