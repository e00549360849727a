// Command grader grades Deli's katas: it runs each kata's suite, scores the
// six dimensions, and says what to work on next. "grader verify" proves the
// course itself sound. Run "go run ./grader --help" for the flags.
package main

import (
	"errors"
	"fmt"
	"io"
	"os"
)

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	if err != nil {
		fmt.Fprintln(os.Stderr, "grader:", err)
	}
	os.Exit(exitCode(err))
}

// Exit statuses, as documented in docs/grader.md.
const (
	exitBelowMinimum = 1 // the work fell short: a score below --min-score, a fault verify or mutate found
	exitUsage        = 2 // bad flags, or the grader itself could not work
)

// shortfall is an error that says the work graded fell short of what was
// asked (exit status 1); every other error means the grader could not do its
// job (exit status 2).
type shortfall struct{ err error }

func (s *shortfall) Error() string { return s.err.Error() }
func (s *shortfall) Unwrap() error { return s.err }

// exitCode is the exit status for what run returned.
func exitCode(err error) int {
	var s *shortfall
	switch {
	case err == nil:
		return 0
	case errors.As(err, &s):
		return exitBelowMinimum
	}
	return exitUsage
}

// run is the whole command, minus the process: testable with any arguments and writers.
func run(args []string, stdout, stderr io.Writer) error {
	cmd := newRootCommand(stdout, stderr)
	cmd.SetArgs(args)
	return cmd.Execute()
}
