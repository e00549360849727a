package timeline

import (
	"bytes"
	"context"
	"runtime"
	"runtime/trace"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// region is the region the workloads mark their work with.
const region = "deli"

// traceOf runs work at GOMAXPROCS procs under runtime/trace, inside the
// region "deli", and returns the trace. before and after, if not nil, run
// outside the region.
func traceOf(t *testing.T, procs int, before, work, after func()) []byte {
	t.Helper()
	defer runtime.GOMAXPROCS(runtime.GOMAXPROCS(procs))
	var buf bytes.Buffer
	require.NoError(t, trace.Start(&buf), "another trace is running: do not run these tests with go test -trace")
	for _, f := range []func(){before, func() { trace.WithRegion(context.Background(), region, work) }, after} {
		if f != nil {
			f()
		}
	}
	trace.Stop()
	return buf.Bytes()
}

// read reads a trace made by traceOf, windowed on its region.
func read(t *testing.T, data []byte) *Timeline {
	t.Helper()
	tl, err := Read(bytes.NewReader(data), Options{Region: region})
	require.NoError(t, err)
	return tl
}

// spin keeps a goroutine busy on the CPU for d, without blocking: the
// scheduler can only take its P away by preempting it.
func spin(d time.Duration) {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); {
		for i := 0; i < 1000; i++ {
			spinSink.Add(1)
		}
	}
}

var spinSink atomic.Int64

// spinners runs n goroutines that each spin for d, and waits for them.
func spinners(n int, d time.Duration) func() {
	return func() {
		var wg sync.WaitGroup
		for range n {
			wg.Add(1)
			go func() {
				defer wg.Done()
				spin(d)
			}()
		}
		wg.Wait()
	}
}

// waitFor spins, yielding its P, until n goroutines have said they are done:
// the test's goroutine waits without blocking, so that the only blocked
// goroutines are the workload's.
func waitFor(done *atomic.Int32, n int32) {
	for done.Load() < n {
		runtime.Gosched()
	}
}

// linger keeps the calling goroutine busy for d, yielding its P all the
// while, so that the others get to run even on a busy machine.
func linger(d time.Duration) {
	for deadline := time.Now().Add(d); time.Now().Before(deadline); {
		runtime.Gosched()
	}
}

// blockedOnChannel has 3 goroutines wait on a channel.
func blockedOnChannel() {
	var started, done atomic.Int32
	ch := make(chan struct{})
	for range 3 {
		go func() {
			started.Add(1)
			<-ch
			done.Add(1)
		}()
	}
	waitFor(&started, 3)
	linger(2 * time.Millisecond)
	close(ch)
	waitFor(&done, 3)
}

// blockedOnMutex has 3 goroutines wait for a mutex.
func blockedOnMutex() {
	var started, done atomic.Int32
	var mu sync.Mutex
	mu.Lock()
	for range 3 {
		go func() {
			started.Add(1)
			mu.Lock()
			done.Add(1)
			mu.Unlock()
		}()
	}
	waitFor(&started, 3)
	linger(2 * time.Millisecond)
	mu.Unlock()
	waitFor(&done, 3)
}

// sleeping has 3 goroutines sleep 5ms.
func sleeping() {
	var done atomic.Int32
	for range 3 {
		go func() {
			time.Sleep(5 * time.Millisecond)
			done.Add(1)
		}()
	}
	waitFor(&done, 3)
}

// runtimeGosched yields the P, as runtime.Gosched does.
func runtimeGosched() { runtime.Gosched() }
