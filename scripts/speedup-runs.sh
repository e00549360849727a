#!/usr/bin/env bash
# speedup-runs.sh KATA FILE [RUNS] [HOGS]
# Measures a kata's speedup test RUNS times (default 20) against FILE (a
# solution or a mutant, put in place of the stub through a build overlay), with
# HOGS competing CPU-bound processes (default 0, `yes > /dev/null`), and prints
# one line per run: the verdict, the figure, the deciding attempt and how
# long the test binary ran.
# Example: scripts/speedup-runs.sh 08-primes solutions/08-primes/mutants/sequential/primes.go 20 1
set -euo pipefail
kata=$1 file=$2 runs=${3:-20} hogs=${4:-0}
root=$(cd "$(dirname "$0")/.." && pwd)
pkg=${kata#*-}
work=$(mktemp -d)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; rm -rf "$work"; }
trap cleanup EXIT
printf '{"Replace":{"%s":"%s"}}' "$root/exercises/$kata/$pkg.go" "$(cd "$(dirname "$file")" && pwd)/$(basename "$file")" > "$work/overlay.json"
(cd "$root" && go test -c -o "$work/kata.test" -overlay "$work/overlay.json" "./exercises/$kata")
for ((h = 0; h < hogs; h++)); do yes > /dev/null & pids+=($!); done
cd "$root/exercises/$kata"
for ((i = 1; i <= runs; i++)); do
	start=$(date +%s%N)
	out=$("$work/kata.test" -test.run '^TestSpeedup' -test.v 2>&1 || true)
	took=$((($(date +%s%N) - start) / 1000000))
	verdict=$(grep -oE '^--- (PASS|FAIL|SKIP)' <<<"$out" | cut -c5- | tail -1 || true)
	line=$(grep -oE 'speedup [0-9.]+x on [0-9]+ CPUs \(bar [0-9.]+x, machine [0-9.]+x\)' <<<"$out" | tail -1 || true)
	attempt=$(grep -oE 'attempt [0-9]+' <<<"$out" | tail -1 || true)
	printf 'hogs=%s run=%d %s %s %s in %d.%03ds\n' "$hogs" "$i" "$verdict" "$line" "$attempt" $((took / 1000)) $((took % 1000))
done
