package katatest

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/gofrs/flock"
	"go.uber.org/goleak"

	"github.com/deli-katas/deli/grader/catalog"
	"github.com/deli-katas/deli/grader/protocol"
)

// Work is what [Speedup] measures.
type Work struct {
	// Run is the call under test, for example func() { CountPrimes(n, workers) }.
	// Speedup calls it many times, at GOMAXPROCS=1 and at GOMAXPROCS=P; every
	// call must do the same work and return only when that work is done.
	Run func()
	// Sequential is a plain, trusted, one-goroutine version of the same work,
	// written in the suite. The speedup counts from the faster of it and Run on
	// one CPU, so slowing down the one-CPU path, or a slower algorithm that
	// parallelises well, earns nothing.
	Sequential func()
	// Setup, if set, builds the input once before any call (and after the
	// skip under -race, so a race run does not pay for it). What it keeps
	// is not counted as the code's live heap.
	Setup func()
}

// The measurement plan. Figures behind these choices are in docs/speedup.md.
const (
	maxCPUs       = 8 // P is the CPUs this process may use, at most this many
	rounds        = 5 // interleaved rounds per attempt; the median of their ratios counts
	maxAttempts   = 4 // attempts before "not measurable"
	failsToDecide = 2 // measured attempts below the bar before a fail
)

// Floor is the least speedup the calibration kernel must show on p CPUs for
// the machine to count as able to show parallelism: 1.8x on 2 CPUs, and 0.8 of
// every further CPU. A pure-arithmetic kernel reaches 1.95x to 2.0x on a quiet
// 2-core machine and falls to about 1.2x beside one CPU hog.
func Floor(p int) float64 { return 1 + 0.8*float64(p-1) }

// round holds the times of one interleaved round.
type round struct {
	cal1, calP time.Duration // calibration kernel on 1 and P CPUs
	run1, runP time.Duration // the work under test on 1 and P CPUs
	seq1       time.Duration // the trusted sequential version on 1 CPU: its thread's CPU time (0 if not timed)
	seqWall    time.Duration // the same call's wall time
	seqBefore  time.Duration // when seq1 was not timed, its time in the attempt's last round that timed it
	cpu1, cpuP time.Duration // process CPU time used during run1 and runP (0 if unknown)
	// wait1, waitP is how long the process's threads waited for a CPU, ready
	// to run, during run1 and runP (negative if unknown), and slices1,
	// slicesP how many times they were put on a CPU meanwhile.
	wait1, waitP     time.Duration
	slices1, slicesP int64
}

// attempt is the outcome of one set of rounds.
type attempt struct {
	machine     float64 // median calibration speedup over all rounds
	judged      bool    // enough rounds showed the machine's floor to judge the work
	speedup     float64 // median speedup of the work over the judged rounds (all rounds if not judged)
	utilisation float64 // median CPU time / wall time during runP (0 if unknown)
	workShare   float64 // median CPU time of runP / CPU time of run1 (0 if unknown)
	waiting     float64 // median time the threads waited for a CPU / wall time during runP (negative if unknown)
	run1, runP  time.Duration
	seq1        time.Duration // the sequential version's thread CPU time
	seqWall     time.Duration // and its wall time
	rounds      int           // rounds taken: fewer than [rounds] when the attempt settled early
	clear       bool          // the verdict came from clear rounds (see clearVerdict)
}

// minJudgedRounds is how many rounds of an attempt must reach the floor for
// the attempt to count: a round's figure is trusted only when the calibration
// beside it showed that the machine gave this process P CPUs at that moment.
const minJudgedRounds = 3

// MinJudgedBusy is the least CPU time per wall time the calls on P CPUs must
// show for their round to be judged, unless they did less work than on one
// CPU. Any CPU-bound call, parallel or not, keeps at least one CPU busy when
// the machine lets it; one that kept less was kept waiting by other work
// (seen on a machine with a load of 10 to 15 on 2 cores: reference solutions
// at 0.26x to 0.55x in rounds whose calibration looked fine), and its time
// says nothing about the code.
const MinJudgedBusy = 0.8

// starved reports whether the calls on P CPUs of r were kept from the CPUs:
// they did the work (their CPU time is a fair share of the one-CPU calls')
// but kept less than [MinJudgedBusy] CPUs busy.
func (r round) starved() bool {
	return r.cpuP > 0 && r.cpu1 > 0 && ratio(r.cpuP, r.runP) < MinJudgedBusy && ratio(r.cpuP, r.cpu1) >= MinWorkShare
}

// speedup is the figure of one round: the faster one-CPU time over the P-CPU
// time. When the sequential version was not timed in r, its time in an
// earlier round of the attempt stands in; without one, the code's own time.
// Either can only make the figure lower than the code's own one-CPU time
// would, and a round skips the sequential version only when that is clearly
// short already, so the verdict is the same; the figure shown is the true one.
func (r round) speedup() float64 {
	switch {
	case r.seq1 > 0:
		return ratio(min(r.run1, r.seq1), r.runP)
	case r.seqBefore > 0:
		return ratio(min(r.run1, r.seqBefore), r.runP)
	}
	return ratio(r.run1, r.runP)
}

// A call was kept from the CPUs by other work when its threads, added up,
// waited for a CPU for more than MaxWaiting of its wall time, at least
// CrowdedWait on average each time they got one. On a quiet 2-core machine
// the reference solutions' calls on 2 CPUs waited at most 0.12 of the call;
// code contending for a lock waits more (0.3 to 0.7 for 12-wordcount's
// shared-locked-map), but in thousands of short waits for a CPU that is free
// (30 µs to 120 µs on average): the wake-up of a parked thread. Beside two
// CPU hogs the reference solutions' calls waited about 1.0 of the call, 1 ms
// to 3.5 ms on average, in rounds whose calibration still showed 1.9x to
// 2.1x (docs/speedup.md). Work spread over P CPUs that loses w of a CPU to
// waiting still shows about P - w.
const (
	MaxWaiting  = 0.25
	CrowdedWait = 500 * time.Microsecond
)

// crowded reports whether the calls of r were kept waiting for a CPU by other
// work on the machine.
func (r round) crowded() bool {
	kept := func(wait, wall time.Duration, slices int64) bool {
		return wait >= 0 && ratio(wait, wall) > MaxWaiting && wait >= CrowdedWait*time.Duration(max(slices, 1))
	}
	return kept(r.wait1, r.run1, r.slices1) || kept(r.waitP, r.runP, r.slicesP)
}

// judged reports whether r's figure can be trusted: its own calibration
// reached floor, and its calls were neither starved nor kept waiting.
func (r round) judged(floor float64) bool {
	return ratio(r.cal1, r.calP) >= floor && !r.starved() && !r.crowded()
}

// summarise folds the rounds of one attempt, judging the work only on the
// judged rounds.
func summarise(rs []round, floor float64) attempt {
	var machine, all, judged, util, share, waiting []float64
	var run1, runP, seq1, seqWall []time.Duration
	for _, r := range rs {
		s := r.speedup()
		machine, all = append(machine, ratio(r.cal1, r.calP)), append(all, s)
		if r.judged(floor) {
			judged = append(judged, s)
		}
		if r.cpuP > 0 {
			util = append(util, ratio(r.cpuP, r.runP))
		}
		if r.cpuP > 0 && r.cpu1 > 0 {
			share = append(share, ratio(r.cpuP, r.cpu1))
		}
		if r.waitP >= 0 {
			waiting = append(waiting, ratio(r.waitP, r.runP))
		}
		run1, runP = append(run1, r.run1), append(runP, r.runP)
		if r.seq1 > 0 {
			seq1, seqWall = append(seq1, r.seq1), append(seqWall, r.seqWall)
		}
	}
	a := attempt{
		machine: median(machine), speedup: median(all), utilisation: median(util), workShare: median(share), waiting: -1,
		run1: median(run1), runP: median(runP), seq1: median(seq1), seqWall: median(seqWall),
		rounds: len(rs),
	}
	if len(waiting) > 0 {
		a.waiting = median(waiting)
	}
	if len(judged) >= minJudgedRounds {
		a.judged, a.speedup = true, median(judged)
	}
	return a
}

// clearAttempt summarises an attempt that clear rounds decided: its figures
// are the medians of the judged rounds only, the ones that decided it.
func clearAttempt(rs []round, floor float64) attempt {
	var judged []round
	for _, r := range rs {
		if r.judged(floor) {
			judged = append(judged, r)
		}
	}
	a := summarise(judged, floor)
	a.clear, a.rounds = true, len(rs)
	return a
}

func ratio(a, b time.Duration) float64 {
	if b <= 0 {
		b = 1
	}
	return float64(a) / float64(b)
}

func median[T float64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	if len(s)%2 == 1 {
		return s[len(s)/2]
	}
	return (s[len(s)/2-1] + s[len(s)/2]) / 2
}

// settled reports whether the rounds of an attempt made so far fix what
// [decide] will make of it, whatever the rounds still to come show, so that
// the attempt can stop early. An attempt's figures are medians of at most
// [rounds] values; once more than half of them lie on one side of a
// threshold, the median does too. So the attempt is settled as a pass when a
// majority of the rounds are judged and at or above the bar (and within
// [Ceiling]), keep enough CPUs busy and do the whole work; and as a fall
// short when a majority are judged and below the bar (and within Ceiling)
// and do the whole work. Any other attempt runs all its rounds.
func settled(rs []round, p int, bar float64) bool {
	majority := rounds/2 + 1
	var above, below, busy, whole int
	for _, r := range rs {
		if r.cpuP <= 0 || r.cpu1 <= 0 {
			return false // without CPU times the medians of busy and work are not all there
		}
		if ratio(r.cpuP, r.runP) >= MinBusyShare*bar {
			busy++
		}
		if ratio(r.cpuP, r.cpu1) >= MinWorkShare {
			whole++
		}
		s := r.speedup()
		if !r.judged(Floor(p)) || s > Ceiling(p) {
			continue
		}
		if s >= bar {
			above++
		} else {
			below++
		}
	}
	if whole < majority {
		return false
	}
	return (above >= majority && busy >= majority) || below >= majority
}

// Clear rounds end a first attempt early when one round alone leaves no doubt
// (figures behind the factors: docs/speedup.md).
const (
	// ClearAbove: a judged round at or above ClearAbove × bar whose calls kept
	// MinBusyShare × bar CPUs busy and did the whole work is a clear pass.
	ClearAbove = 1.25
	// ClearBelow: a judged round below ClearBelow × bar that did the whole
	// work is clearly short.
	ClearBelow = 0.85
	// clearShorts is how many judged rounds, every one clearly short (below
	// ClearBelow × bar or under idleLine), make a fail.
	clearShorts = 3
)

// clearVerdict is a sequential test on the rounds of the first attempt: a
// pass as soon as one judged round is clearly above the bar and every judged
// round so far was at or above it with the CPUs busy; a fail once
// clearShorts judged rounds are clearly short and none came near a pass.
// Anything else is left to the attempts (see decide), as are rounds without
// CPU times and rounds that did less work or more than P CPUs can give,
// which fail with their own reasons there.
//
// Both ends are stricter than an attempt's median, so they only reach sooner
// the verdict the attempts would reach if the rounds went on as they began:
// a pass needs one figure 25% above the bar with the CPUs busy, which a
// sequential or lock-serialised call cannot show (it keeps about one CPU
// busy); a fail needs three rounds, each beside its own calibration, that
// are 15% below the bar or kept clearly fewer CPUs busy than a pass needs
// (see idleLine), where the attempts need six below it.
func clearVerdict(rs []round, p int, bar float64) verdict {
	var judged, above, unlikePass, nearPass int
	for _, r := range rs {
		if r.cpuP <= 0 || r.cpu1 <= 0 {
			return undecided
		}
		if !r.judged(Floor(p)) {
			continue
		}
		s := r.speedup()
		if s > Ceiling(p) || ratio(r.cpuP, r.cpu1) < MinWorkShare {
			return undecided
		}
		judged++
		util := ratio(r.cpuP, r.runP)
		if s >= ClearAbove*bar && util >= MinBusyShare*bar {
			above++
		}
		if s < bar || util < MinBusyShare*bar {
			unlikePass++
		}
		if s >= ClearBelow*bar && util >= idleLine(bar) {
			nearPass++ // neither clearly short nor clearly idle
		}
	}
	switch {
	case above > 0 && unlikePass == 0:
		return passed
	case judged >= clearShorts && nearPass == 0:
		return failed
	}
	return undecided
}

// idleLine is the CPUs busy halfway from one CPU to the MinBusyShare × bar a
// pass needs. A call on P CPUs that keeps fewer busy is clearly short,
// whatever its time: a sequential or lock-serialised call keeps about one
// CPU busy (1.00 to 1.04 in 13-matmul's sequential mutant), while its time
// against the one-CPU call can swing by half either way when the memory it
// touches is slow (rounds of 0.7x to 1.5x in the same mutant).
func idleLine(bar float64) float64 { return (1 + MinBusyShare*bar) / 2 }

// verdict is what the attempts add up to.
type verdict int

const (
	undecided verdict = iota
	passed
	failed
	notMeasurable
	implausible
	lessWork
)

// MinBusyShare is the least CPU time per wall time the calls on P CPUs must
// show, as a share of the bar, for a speedup to pass. Work split over P CPUs
// keeps about speedup-many of them busy; a sequential call that is merely
// slower on one CPU (the garbage collector can make it so) keeps one.
const MinBusyShare = 0.9

// MinWorkShare is the least CPU time the calls on P CPUs must use, as a share
// of the CPU time of the same calls on one CPU. Parallel code does the same
// work on more CPUs, so its share is about 1 or more (the reference solutions:
// see docs/speedup.md); a call that sleeps, or returns an answer kept from an
// earlier call, uses far less.
const MinWorkShare = 0.6

// Ceiling is the most speedup p CPUs can plausibly give CPU-bound work. A
// figure above it means the P-CPU calls did not do the same work as the
// one-CPU calls (results kept from earlier calls, say), not that they were fast.
func Ceiling(p int) float64 { return 1.5 * float64(p) }

// decide judges the attempts made so far: a pass as soon as one judged
// attempt (see summarise) reaches the bar; a fail once failsToDecide
// such attempts fell short; "not measurable" when the attempts ran out first.
func decide(as []attempt, p int, bar float64) verdict {
	fails := 0
	for _, a := range as {
		if !a.judged {
			continue
		}
		if a.speedup > Ceiling(p) {
			return implausible
		}
		if a.workShare > 0 && a.workShare < MinWorkShare {
			return lessWork
		}
		if a.speedup >= bar && (a.utilisation == 0 || a.utilisation >= MinBusyShare*bar) {
			return passed
		}
		fails++
	}
	switch {
	case fails >= failsToDecide:
		return failed
	case len(as) >= maxAttempts:
		return notMeasurable
	}
	return undecided
}

// Speedup measures the multi-core speedup of w.Run and checks it against the
// bar that the catalog gives kata (an id such as "08-primes").
//
// It runs w.Run at GOMAXPROCS=1 and at GOMAXPROCS=P, where P is the number of
// CPUs this process may use (at most 8), in interleaved rounds together with a
// calibration kernel that shows what this machine can do right now. Only
// attempts whose calibration reaches [Floor](P) are judged; a fall short of the
// bar is measured again before it counts as a fail. When the machine cannot
// show parallelism (one CPU, or busy with other work) the test is skipped with
// "not measurable here": neither a pass nor a fail. Under -race it is skipped,
// since the race detector distorts timing.
//
// Measurements from test binaries running at once are serialised through a
// lock file in the temporary directory. The result is logged as one line:
//
//	speedup 1.93x on 2 CPUs (bar 1.40x, machine 1.97x)
func Speedup(t *testing.T, kata string, w Work) {
	t.Helper()
	if raceEnabled {
		t.Skip("speedup is not measured under -race: the race detector distorts timing")
	}
	k, ok := catalog.Lookup(kata)
	if !ok || !k.Uses(catalog.Speedup) {
		t.Fatalf("katatest.Speedup: kata %q has no speedup bar in the catalog", kata)
	}
	if w.Run == nil || w.Sequential == nil {
		t.Fatalf("katatest.Speedup: Work needs both Run and Sequential")
	}
	if curveRequested() {
		measureCurve(t, w)
		return
	}
	if traceRequested() {
		traceSpeedup(t, w)
		return
	}
	p := min(runtime.NumCPU(), maxCPUs)
	if p < 2 {
		t.Skipf("%s: this process may use only %d CPU, and a speedup needs at least 2", protocol.NotMeasurable, p)
	}
	unlock := lockMeasurements(t)
	defer unlock()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(0))

	m := newMeter(t, p, w)
	var as []attempt
	v := undecided
	for v == undecided {
		var rs []round
		for i := range rounds {
			// The sequential version can only lower a round's figure: after
			// an attempt's first round, a round already clearly short
			// without it is not slowed by timing it.
			seqFrom := 0.0
			if i > 0 {
				seqFrom = ClearBelow * k.SpeedupBar
			}
			rs = append(rs, m.round(i%2 == 1, seqFrom))
			if len(as) == 0 {
				if v = clearVerdict(rs, p, k.SpeedupBar); v != undecided {
					break
				}
			}
			if settled(rs, p, k.SpeedupBar) {
				break
			}
		}
		a := summarise(rs, Floor(p))
		if v != undecided {
			a = clearAttempt(rs, Floor(p))
		}
		as = append(as, a)
		if v == undecided {
			v = decide(as, p, k.SpeedupBar)
		}
	}
	shown := shownAttempt(as, v)
	line := protocol.Speedup{Speedup: shown.speedup, CPUs: p, Bar: k.SpeedupBar, Machine: shown.machine}.String()
	detail := shown.describe(p, len(as)) + fmt.Sprintf("; the first call kept %.1f MiB of live heap", float64(m.heapGrowth)/(1<<20))
	switch v {
	case passed:
		t.Logf("%s\n%s", line, detail)
	case failed:
		t.Errorf("%s\n%s\n%s", line, detail, failAdvice(shown, p, k.SpeedupBar))
	case lessWork:
		t.Errorf("%s\n%s\nOn %d CPUs the calls used only %.2f of the CPU time they used on one CPU (at least %.2f is "+
			"expected): they did less work, for example by sleeping or by reusing results kept from an earlier call. "+
			"Each call must do the whole work.", line, detail, p, shown.workShare, MinWorkShare)
	case implausible:
		t.Errorf("%s\n%s\nThat is more than %d CPUs can give (at most %.1fx): the calls on %d CPUs did less work than "+
			"the calls on one CPU, for example by reusing results kept from an earlier call. Each call must do the whole work.",
			line, detail, p, Ceiling(p), p)
	case notMeasurable:
		t.Logf("%s\n%s", line, detail)
		t.Skipf("%s: %s; other work is using the CPUs. Run it again on a quieter machine.",
			protocol.NotMeasurable, whyNotJudged(as, shown, p))
	}
}

// whyNotJudged says why no attempt could be judged.
func whyNotJudged(as []attempt, shown attempt, p int) string {
	if best := maxMachine(as); best < Floor(p) {
		return fmt.Sprintf("in %d attempts the calibration kernel reached at most %.2fx on %d CPUs, "+
			"below the %.2fx this machine must show before a speedup can be judged", len(as), best, p, Floor(p))
	}
	if shown.waiting > MaxWaiting {
		return fmt.Sprintf("in %d attempts the threads of the calls on %d CPUs waited for a CPU, added up, %.2f times as long as the calls took "+
			"(at most %.2f times for a round to be judged)", len(as), p, shown.waiting, MaxWaiting)
	}
	return fmt.Sprintf("in %d attempts fewer than %d rounds of an attempt could be judged: their calibration fell "+
		"below %.2fx, or the calls waited for a CPU", len(as), minJudgedRounds, Floor(p))
}

// shownAttempt picks the attempt whose figures explain the verdict: the last
// one, which decided a pass or a fail, or the one whose machine came closest to
// its floor when nothing could be judged.
func shownAttempt(as []attempt, v verdict) attempt {
	shown := as[len(as)-1]
	if v == notMeasurable {
		for _, a := range as {
			if a.machine > shown.machine {
				shown = a
			}
		}
	}
	return shown
}

func maxMachine(as []attempt) float64 {
	best := 0.0
	for _, a := range as {
		best = max(best, a.machine)
	}
	return best
}

func (a attempt) describe(p, attempts int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "one CPU %v (plain sequential version %v of its thread's CPU time, %v wall), %d CPUs %v",
		round3(a.run1), round3(a.seq1), round3(a.seqWall), p, round3(a.runP))
	if a.utilisation > 0 {
		fmt.Fprintf(&b, ", CPU time/wall time at %d CPUs %.2f", p, a.utilisation)
	}
	if a.workShare > 0 {
		fmt.Fprintf(&b, ", CPU time at %d CPUs/at one CPU %.2f", p, a.workShare)
	}
	if a.waiting >= 0 {
		fmt.Fprintf(&b, ", time waiting for a CPU/wall time at %d CPUs %.2f", p, a.waiting)
	}
	if a.clear {
		rounds := "rounds"
		if a.rounds == 1 {
			rounds = "round"
		}
		fmt.Fprintf(&b, "; clear after %d %s, attempt %d", a.rounds, rounds, attempts)
	} else {
		fmt.Fprintf(&b, "; median of %d rounds, attempt %d", a.rounds, attempts)
	}
	return b.String()
}

func round3(d time.Duration) time.Duration { return d.Round(100 * time.Microsecond) }

func failAdvice(a attempt, p int, bar float64) string {
	switch {
	case a.seq1 < a.run1*8/10:
		return fmt.Sprintf("On one CPU your code is slower than a plain sequential loop (%v against %v), and the speedup counts "+
			"from the faster of the two: make each worker's work as cheap as the sequential version's.", round3(a.run1), round3(a.seq1))
	case a.utilisation > 0 && a.utilisation >= float64(p)*0.8:
		return fmt.Sprintf("Your code kept about %.1f CPUs busy but finished barely sooner: the goroutines are spinning, "+
			"contending for a lock, or doing more work than the sequential version.", a.utilisation)
	case a.utilisation > 0 && a.utilisation < 1.3:
		return "Your code used about one CPU at a time: the work is not split across goroutines, is split unevenly " +
			"(one goroutine got most of the costly part while the others finished early), or the goroutines wait on each other " +
			"(a lock held around the work, an unbuffered hand-off per item)."
	}
	return fmt.Sprintf("Split the work so that every CPU stays busy to the end; the bar is %.2fx on %d CPUs.", bar, p)
}

// lockMeasurements takes an exclusive lock shared by every test binary on the
// machine, so that speedups measured by packages tested at once do not steal
// each other's CPUs.
func lockMeasurements(t *testing.T) func() {
	t.Helper()
	path := filepath.Join(os.TempDir(), catalog.SpeedupLock)
	l := flock.New(path)
	ok, err := l.TryLock()
	if err != nil {
		t.Fatalf("speedup: cannot take the measurement lock %s: %v", path, err)
	}
	if !ok {
		t.Logf("speedup: waiting for another speedup measurement to finish (lock %s)", path)
		if err := l.Lock(); err != nil {
			t.Fatalf("speedup: cannot take the measurement lock %s: %v", path, err)
		}
	}
	return func() { l.Unlock() }
}

// meter times the work, the sequential version and the calibration kernel.
type meter struct {
	t          *testing.T
	p          int
	w          Work
	kernel     int           // calibration iterations
	goroutines int           // goroutines alive before any call
	heapGrowth int64         // live heap the first call of the code left behind
	lastSeq    time.Duration // the sequential version's time in the last round that timed it
}

// MaxHeapGrowth is how much more live heap the code under test may keep after
// the warm-up calls than before them. A call that keeps nothing grows it by
// almost nothing; one that keeps millions of pointers alive makes the garbage
// collector run during the timed calls, on the CPUs the speedup is judged by.
const MaxHeapGrowth = 16 << 20

func newMeter(t *testing.T, p int, w Work) *meter {
	// Nothing of the code under test may run before the first call: a
	// goroutine it left earlier could slow the one-CPU timings.
	if err := goleak.Find(harnessGoroutines...); err != nil {
		t.Fatalf("speedup: goroutines were already running when the measurement began, so its one-CPU times "+
			"cannot be trusted; a call must leave nothing running:\n%v", err)
	}
	m := &meter{t: t, p: p, w: w, goroutines: runtime.NumGoroutine()}
	// Warm up caches and lazy initialisation, and check the calls return
	// cleanly and keep no large heap.
	runtime.GOMAXPROCS(p)
	if w.Setup != nil {
		w.Setup()
	}
	heap := liveHeap()
	m.timed(w.Run)
	m.heapGrowth = liveHeap() - heap
	if grown := m.heapGrowth; grown > MaxHeapGrowth {
		t.Fatalf("speedup: the first call left %d MiB more live heap than before it (at most %d MiB may stay): "+
			"keep no large data between calls. The runtime also keeps, for good, about half a KiB for each goroutine "+
			"alive at the same moment, so a call with tens of thousands of goroutines alive at once leaves megabytes "+
			"behind: start fewer", grown>>20, MaxHeapGrowth>>20)
	}
	runtime.GOMAXPROCS(1)
	seq := m.timedSequential()
	if seq < 10*time.Millisecond {
		t.Fatalf("speedup: the suite's sequential version takes only %v; the workload is too small to time", seq)
	}
	// Size the kernel to run on one CPU about half as long as the sequential
	// version, within limits: long enough to span many of the scheduler's
	// time slices, short beside the calls it vouches for. A probe of a few
	// milliseconds sizes it well enough.
	target := min(max(seq/2, 25*time.Millisecond), 200*time.Millisecond)
	n := 1 << 16
	for {
		d := timeIt(func() { calibrate(n, p) })
		if d >= 4*time.Millisecond {
			m.kernel = int(float64(n) * float64(target) / float64(d))
			break
		}
		n *= 2
	}
	return m
}

// round times the kernel and the code once on 1 and on P CPUs, in one order
// or the reverse, and then the sequential version, unless the code's own
// figure is already below seqFrom.
func (m *meter) round(reverse bool, seqFrom float64) round {
	var r round
	steps := []func(){
		func() { runtime.GOMAXPROCS(1); r.cal1 = timeIt(func() { calibrate(m.kernel, m.p) }) },
		func() { runtime.GOMAXPROCS(1); r.run1, r.cpu1, r.wait1, r.slices1 = m.timedCPU(m.w.Run) },
		func() { runtime.GOMAXPROCS(m.p); r.calP = timeIt(func() { calibrate(m.kernel, m.p) }) },
		func() {
			runtime.GOMAXPROCS(m.p)
			r.runP, r.cpuP, r.waitP, r.slicesP = m.timedCPU(m.w.Run)
		},
	}
	if reverse {
		slices.Reverse(steps)
	}
	for _, step := range steps {
		step()
	}
	if ratio(r.run1, r.runP) >= seqFrom {
		runtime.GOMAXPROCS(1)
		cpu, wall := m.timedSequentialBoth()
		r.seq1, r.seqWall = min(cpu, wall), wall
		m.lastSeq = r.seq1
	} else {
		r.seqBefore = m.lastSeq
	}
	return r
}

// timed times one call of f and then checks that f left no goroutine running:
// work still running after the call returned would make the time a lie.
func (m *meter) timed(f func()) time.Duration {
	d, _, _, _ := m.timedCPU(f)
	return d
}

// timedCPU is timed, also returning the CPU time the process used during the
// call (0 if unknown), how long its threads waited for a CPU (negative if
// unknown) and how many times they were put on one.
func (m *meter) timedCPU(f func()) (wall, cpu, wait time.Duration, slices int64) {
	runtime.GC()
	waitBefore, slicesBefore, waitOK := processWait()
	before, ok := processCPU()
	start := time.Now()
	f()
	wall = time.Since(start)
	if after, ok2 := processCPU(); ok && ok2 {
		cpu = after - before
	}
	wait = -1
	if after, slicesAfter, ok2 := processWait(); waitOK && ok2 {
		wait, slices = max(after-waitBefore, 0), max(slicesAfter-slicesBefore, 0)
	}
	m.awaitGoroutines()
	return wall, cpu, wait, slices
}

// awaitGoroutines fails the test when goroutines started by a call are still
// running 2 s after it returned: work still running after the call returned
// would make its time a lie.
func (m *meter) awaitGoroutines() {
	deadline := time.Now().Add(2 * time.Second)
	for runtime.NumGoroutine() > m.goroutines {
		if time.Now().After(deadline) {
			m.t.Fatalf("speedup: %d goroutine(s) still running after the call returned; "+
				"a call must finish its work (and its goroutines) before it returns", runtime.NumGoroutine()-m.goroutines)
		}
		time.Sleep(time.Millisecond)
	}
}

// timedSequential times the suite's trusted sequential version by the CPU
// time of the one OS thread it runs on, so that nothing running beside it (a
// goroutine, a timer callback, the garbage collector's own workers) can
// lengthen its time and inflate the baseline a speedup counts from. Where a
// thread's CPU time is unknown, or when the thread was kept waiting less than
// the clock's resolution, the wall time counts: the lesser of the two.
func (m *meter) timedSequential() time.Duration {
	cpu, wall := m.timedSequentialBoth()
	return min(cpu, wall)
}

// timedSequentialBoth returns the thread CPU time (the wall time where that
// is unknown) and the wall time of one call of the sequential version.
func (m *meter) timedSequentialBoth() (cpu, wall time.Duration) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	runtime.GC()
	before, ok := threadCPU()
	start := time.Now()
	m.w.Sequential()
	wall = time.Since(start)
	after, ok2 := threadCPU()
	m.awaitGoroutines()
	if !ok || !ok2 || after <= before {
		return wall, wall
	}
	return after - before, wall
}

// liveHeap returns the bytes of heap in use after a full collection; the
// second collection empties what sync.Pool keeps for one cycle.
func liveHeap() int64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return int64(ms.HeapAlloc)
}

func timeIt(f func()) time.Duration {
	runtime.GC()
	start := time.Now()
	f()
	return time.Since(start)
}

// calibrate is the reference parallel kernel: n iterations of register-only
// arithmetic split evenly over p goroutines, with no memory traffic and no
// communication but the final join. On GOMAXPROCS=p it shows the parallelism
// the machine offers now.
func calibrate(n, p int) {
	var wg sync.WaitGroup
	results := make([]uint64, p*8) // one cache line apart
	for g := 0; g < p; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			x := uint64(g)*0x9E3779B97F4A7C15 + 1
			for i := 0; i < n/p; i++ {
				x ^= x << 13
				x ^= x >> 7
				x ^= x << 17
			}
			results[g*8] = x
		}()
	}
	wg.Wait()
	runtime.KeepAlive(results) // the arithmetic must not be discarded
}
