#!/usr/bin/env bash
# speedup-table.sh RUNS HOG_RUNS KATA...
# The figures behind the speedup bars (docs/performance.md). For each kata: the
# reference solution and every mutant whose first line names speedup, RUNS times
# each on the machine as it is; then the solution and the sequential mutant
# HOG_RUNS times each beside one and beside two CPU hogs. One Markdown row per
# kata, code and load (scripts/speedup-summary.sh). Run it on a quiet machine.
# Example: scripts/speedup-table.sh 20 5 08-primes 09-parallelmap
set -euo pipefail
runs=$1 hogruns=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
echo "| kata | code | CPU hogs | runs | pass | fail | not measurable | speedup min / median / max | machine min / median / max | seconds min / median / max |"
echo "|---|---|---|---|---|---|---|---|---|---|"
for kata in "$@"; do
	pkg=${kata#*-}
	files=("solutions/$kata/$pkg.go")
	for m in "$root"/solutions/"$kata"/mutants/*/"$pkg".go; do
		if head -1 "$m" | grep -q 'Caught by:.*speedup'; then files+=("${m#"$root"/}"); fi
	done
	for f in "${files[@]}"; do
		(cd "$root" && "$here/speedup-summary.sh" "$kata" "$f" "$runs" 0)
	done
	if ((hogruns > 0)); then
		for hogs in 1 2; do
			for f in "solutions/$kata/$pkg.go" "solutions/$kata/mutants/sequential/$pkg.go"; do
				[[ -f $root/$f ]] && (cd "$root" && "$here/speedup-summary.sh" "$kata" "$f" "$hogruns" "$hogs")
			done
		done
	fi
done
