// Package gotest builds a kata's test binary and runs chosen tests of it under
// test2json, with a time limit, an output limit and its whole process group
// killed at the end, and folds the event stream into one result per test.
//
// It trusts nothing the test binary prints: the tests expected to run come
// from the suite's source ([TestNames]), a test that started but never ended is
// reported as "did not finish", one that never started as not run, and a test with more
// than one outcome (forged framing lines) as conflicting.
package gotest
