#!/usr/bin/env bash
# trace-pictures.sh: draws the timelines shown in docs/concepts.md with
# `grader trace`, from the reference solutions and some of their mutants.
# Run it from the repository root on a quiet machine: make grader && scripts/trace-pictures.sh
set -euo pipefail
grader=${GRADER:-bin/grader}
out=docs/img
draw() { # draw NAME ARGS...: one picture, its figures on standard output
	local name=$1
	shift
	"$grader" trace --svg "$out/trace-$name.svg" "$@"
}
draw 01-solution --solutions 01
draw 02-solution --solutions 02
draw 08-solution --solutions 08
draw 08-sequential --mutant sequential 08
draw 10-solution --solutions 10
draw 10-static-chunks --mutant static-chunks 10
draw 14-solution --solutions 14
