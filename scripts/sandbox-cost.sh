#!/usr/bin/env bash
# sandbox-cost.sh [KATA...]
# What the bubblewrap sandbox costs: grades each reference solution twice in
# the same run, in the sandbox and with --unsandboxed, alternating which goes
# first so both see the same machine, and prints one line per kata and the
# totals (docs/performance.md). Speedup katas are measured too, so run it on a
# quiet machine. Example: scripts/sandbox-cost.sh 01 08
set -euo pipefail
cd "$(dirname "$0")/.."
go build -o bin/grader ./grader
katas=("$@")
if [ ${#katas[@]} -eq 0 ]; then
	mapfile -t katas < <(./bin/grader list | awk '{print $1}')
fi
grade() { # grade KATA [FLAG]: prints the wall time in seconds
	local s e
	s=$(date +%s.%N)
	./bin/grader --solutions --no-history --force "$@" >/dev/null 2>&1 || true
	e=$(date +%s.%N)
	awk -v s="$s" -v e="$e" 'BEGIN { printf "%.2f", e - s }'
}
printf '%-16s %10s %12s\n' kata sandboxed unsandboxed
i=0 tb=0 tu=0
for k in "${katas[@]}"; do
	if ((i % 2 == 0)); then
		b=$(grade "$k"); u=$(grade "$k" --unsandboxed)
	else
		u=$(grade "$k" --unsandboxed); b=$(grade "$k")
	fi
	printf '%-16s %9ss %11ss\n' "$k" "$b" "$u"
	tb=$(awk -v a="$tb" -v b="$b" 'BEGIN { print a + b }')
	tu=$(awk -v a="$tu" -v b="$u" 'BEGIN { print a + b }')
	i=$((i + 1))
done
awk -v b="$tb" -v u="$tu" 'BEGIN { printf "%-16s %9.1fs %11.1fs  (sandbox +%.0f%%)\n", "total", b, u, 100 * (b - u) / u }'
