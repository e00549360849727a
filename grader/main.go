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
	if err := run(os.Args[1:], os.Stdout, os.Stderr); err != nil {
		var ee *exitError
		if errors.As(err, &ee) {
			if ee.err != nil {
				fmt.Fprintln(os.Stderr, "grader:", ee.err)
			}
			os.Exit(ee.code)
		}
		fmt.Fprintln(os.Stderr, "grader:", err)
		os.Exit(2)
	}
}

// Exit statuses, as documented in docs/grader.md.
const (
	exitBelowMinimum = 1 // the score is below --min-score, or verify found a fault
	exitUsage        = 2 // bad flags, or the grader itself could not work
)

// exitError carries an exit status out of run; err may be nil when everything
// was already said.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit status %d", e.code)
	}
	return e.err.Error()
}

// run is the whole command, minus the process: testable with any arguments and writers.
func run(args []string, stdout, stderr io.Writer) error {
	cmd := newRootCommand(stdout, stderr)
	cmd.SetArgs(args)
	return cmd.Execute()
}
