#!/usr/bin/env bash
# speedup-time.sh KATA FILE [RUNS] [COURSE]
# Times a kata's speedup test RUNS times (default 5) against FILE (relative to
# COURSE, a checkout of this repository; default this one), each run its own
# process, and prints one line per run: the verdict, the seconds the test
# binary ran and the rounds it took. Comparing two checkouts (for example
# `git worktree add /tmp/before COMMIT`) gives the before/after table of
# docs/performance.md.
# Example: scripts/speedup-time.sh 08-primes solutions/08-primes/mutants/sequential/primes.go 5 /tmp/before
set -euo pipefail
kata=$1 file=$2 runs=${3:-5}
course=$(cd "${4:-$(dirname "$0")/..}" && pwd)
pkg=${kata#*-}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
printf '{"Replace":{"%s":"%s"}}' "$course/exercises/$kata/$pkg.go" "$course/$file" > "$work/overlay.json"
(cd "$course" && go test -c -o "$work/kata.test" -overlay "$work/overlay.json" "./exercises/$kata")
cd "$course/exercises/$kata"
for ((i = 1; i <= runs; i++)); do
	start=$(date +%s.%N)
	out=$("$work/kata.test" -test.run '^TestSpeedup' -test.v 2>&1 || true)
	end=$(date +%s.%N)
	verdict=$(grep -oE '^--- (PASS|FAIL|SKIP)' <<<"$out" | cut -c5- | tail -1 || true)
	rounds=$(grep -oE '(median of|clear after) [0-9]+ rounds?, attempt [0-9]+' <<<"$out" | tail -1 || true)
	printf '%s %s run=%d %s %.2fs %s\n' "$kata" "${file#solutions/}" "$i" "$verdict" "$(echo "$end - $start" | bc)" "$rounds"
done
