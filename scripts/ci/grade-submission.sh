#!/usr/bin/env bash
# grade-submission.sh COURSE SUBMISSION OUT
#
# Grades one student's repository, SUBMISSION, against the course checked out
# at COURSE: only the student's stub files are taken (grader batch, in the
# bubblewrap sandbox). This is what the workflows in .github/workflows run.
# It writes into OUT:
#   batch.json      every result (schema deli-batch/v1)
#   junit.xml       a suite per kata, a case per dimension
#   classroom.json  the GitHub Classroom runner result (docs/ci.md)
#   summary.md      a Markdown summary
#   grader.log      the grader's progress
# Under GitHub Actions it also adds the summary to $GITHUB_STEP_SUMMARY and the
# Classroom reporter's variables to $GITHUB_ENV.
# DELI_MIN_SCORE (a percentage, default 0) sets the score below which it fails.
# Exit status: 0 graded (and at least DELI_MIN_SCORE), 1 below DELI_MIN_SCORE,
# 2 the grader could not run (its log says why).
set -euo pipefail
if (($# != 3)); then
	echo "usage: $0 COURSE SUBMISSION OUT" >&2
	exit 2
fi
course=$(cd "$1" && pwd)
submission=$(cd "$2" && pwd)
mkdir -p "$3"
out=$(cd "$3" && pwd)

# The grader is built from the course, never from the submission.
(cd "$course" && go build -o bin/grader ./grader)
grader=$course/bin/grader

# Progress goes to the job's log as it happens, and to grader.log.
set +e
"$grader" batch --dir "$course" --json --journal "$out/journal" --min-score "${DELI_MIN_SCORE:-0}" \
	--junit "$out/junit.xml" --classroom "$out/classroom.json" --markdown "$out/summary.md" \
	"$submission" 2>&1 >"$out/batch.json" | tee "$out/grader.log" >&2
status=${PIPESTATUS[0]}
set -e

if [[ -n ${GITHUB_STEP_SUMMARY:-} && -f $out/summary.md ]]; then
	cat "$out/summary.md" >>"$GITHUB_STEP_SUMMARY"
fi
if [[ -n ${GITHUB_ENV:-} && -f $out/classroom.json ]]; then
	"$grader" classroom-env "$out/classroom.json" >>"$GITHUB_ENV"
fi
if ((status == 2)); then
	echo "grade-submission: the grader could not run; see $out/grader.log" >&2
fi
exit "$status"
