#!/usr/bin/env bash
# dimension-times.sh: the wall time of each reference solution's suite under
# -race, one dimension (test prefix) at a time, as the grader runs them: one
# line "KATA PREFIX SECONDS rc=EXIT". The figures behind the grader's run
# limits (docs/performance.md).
set -uo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
for d in exercises/*/; do
  k=$(basename $d); pkg=${k#*-}
  printf '{"Replace":{"%s":"%s"}}' "$PWD/exercises/$k/$pkg.go" "$PWD/solutions/$k/$pkg.go" > $tmp/o.json
  go test -c -race -o $tmp/k.test -overlay $tmp/o.json ./exercises/$k 2>/dev/null || { echo "$k build failed"; continue; }
  for p in TestCorrect TestOrder TestTiming TestLeak; do
    s=$(date +%s.%N)
    (cd exercises/$k && $tmp/k.test -test.run "^$p" -test.count 1 >/dev/null 2>&1); rc=$?
    e=$(date +%s.%N)
    awk -v k=$k -v p=$p -v s=$s -v e=$e -v rc=$rc 'BEGIN{printf "%s %s %.2f rc=%d\n", k, p, e-s, rc}'
  done
done
