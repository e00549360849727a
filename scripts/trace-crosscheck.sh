#!/usr/bin/env bash
# trace-crosscheck.sh [kata...]: for each speedup kata (default: all seven),
# traces its reference solution and every mutant with `grader trace --json`
# and prints a Markdown table: the trace's parallelism beside the speedup the
# same run measured untraced, and how far apart they are. Needs jq (Debian:
# apt-get install jq). Run it on a quiet machine: make grader && scripts/trace-crosscheck.sh
set -euo pipefail
grader=${GRADER:-bin/grader}
katas=("$@")
((${#katas[@]})) || katas=(08 09 10 11 12 13 22)
echo "| kata | code | parallelism | speedup | speedup / parallelism | machine | tracing cost |"
echo "|---|---|---|---|---|---|---|"
for k in "${katas[@]}"; do
	dir=$(ls -d solutions/"$k"-* 2>/dev/null | head -1)
	[[ -n $dir ]] || { echo "no kata $k" >&2; exit 2; }
	codes=(--solutions)
	for m in "$dir"/mutants/*/; do codes+=("--mutant=$(basename "$m")"); done
	for c in "${codes[@]}"; do
		if ! json=$("$grader" trace --json "$c" "$k" 2>/dev/null); then
			echo "| $(basename "$dir") | ${c#--mutant=} | - | - | - | - | its workload fails (wrong results or a crash) |"
			continue
		fi
		jq -r '.[] | "| \(.kata) | \(.code | sub("^mutant "; "")) | \(.parallelism * 100 | round / 100) | \(if .speedup_not_measurable then "n/m" else "\(.speedup * 100 | round / 100)x" end) | \(if .speedup_not_measurable or .parallelism == 0 then "-" else (.speedup / .parallelism * 100 | round / 100) end) | \(.machine * 100 | round / 100)x | \(.overhead * 100 | round)% |"' <<<"$json"
	done
done
