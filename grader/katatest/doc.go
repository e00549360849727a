// Package katatest is the test harness every kata's suite uses. It is small on
// purpose: one helper per kind of check the suites share.
//
//   - [Bubble] runs a test body in a testing/synctest bubble (fake time) and turns
//     a stall that synctest cannot see, such as a goroutine blocked on a
//     sync.Mutex, into a prompt failure that names the test and shows the stacks.
//   - [NoLeaks] fails a test whose goroutines outlive the call that started them,
//     inside a bubble or outside one.
//   - [Gauge] counts calls in flight and remembers the most seen at once.
//   - [Traced] runs a real-time scenario of the kata, and records an execution
//     trace of it when the grader asks (grader trace).
//   - [Speedup] measures a kata's multi-core speedup honestly: one CPU against P
//     CPUs, interleaved with a calibration kernel that tells whether this machine
//     can show parallelism at all right now.
package katatest
