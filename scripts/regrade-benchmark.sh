#!/usr/bin/env bash
# regrade-benchmark.sh [KATA...]
# The student's loop on a solved course: grades a fresh clone whose exercises
# hold the reference solutions twice in a row with bin/grader, and prints the
# wall time of each grading and their ratio. The second grading finds every
# kata unchanged since it earned full marks (docs/performance.md).
# Example: scripts/regrade-benchmark.sh 01 08 09
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$root" "$work/course"
cd "$work/course"
for d in solutions/*/; do
	k=$(basename "$d")
	cp "$d"/*.go "exercises/$k/"
done
go build -o bin/grader ./grader
t0=$(date +%s.%N)
./bin/grader "$@" >"$work/first.txt" 2>&1 || true
t1=$(date +%s.%N)
./bin/grader "$@" >"$work/second.txt" 2>&1 || true
t2=$(date +%s.%N)
# Each grading's summary line, to show both graded the same course alike.
grep -h '^Total' "$work/first.txt" "$work/second.txt"
awk -v a="$t0" -v b="$t1" -v c="$t2" 'BEGIN { printf "first grading %.1f s, second %.1f s: %.0f%%\n", b - a, c - b, 100 * (c - b) / (b - a) }'
