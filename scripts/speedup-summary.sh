#!/usr/bin/env bash
# speedup-summary.sh KATA FILE [RUNS] [HOGS]
# Runs scripts/speedup-runs.sh and folds its lines into one Markdown table row:
# kata, code, hogs, runs, pass, fail, not measurable, speedup min/median/max,
# machine min/median/max, seconds the test ran min/median/max. FILE is a
# solution or a mutant; the code column is "solution" or the mutant's folder
# name.
# Example: scripts/speedup-summary.sh 10-balance solutions/10-balance/mutants/static-chunks/balance.go 20 0
set -euo pipefail
kata=$1 file=$2 runs=${3:-20} hogs=${4:-0}
here=$(cd "$(dirname "$0")" && pwd)
code=solution
case $file in */mutants/*) code=$(basename "$(dirname "$file")") ;; esac
"$here/speedup-runs.sh" "$kata" "$file" "$runs" "$hogs" | awk -v kata="$kata" -v code="$code" -v hogs="$hogs" '
function stats(a, n,   i, j, t, med) {
	for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) if (a[j] + 0 < a[i] + 0) { t = a[i]; a[i] = a[j]; a[j] = t }
	med = (n % 2) ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
	return sprintf("%.2f / %.2f / %.2f", a[1], med, a[n])
}
{
	runs++
	if ($3 == "PASS") pass++; else if ($3 == "FAIL") fail++; else if ($3 == "SKIP") nm++
	if (match($0, /speedup [0-9.]+x/)) { s[++ns] = substr($0, RSTART + 8, RLENGTH - 9) }
	if (match($0, /machine [0-9.]+x/)) { m[++nm2] = substr($0, RSTART + 8, RLENGTH - 9) }
	if (match($0, / in [0-9.]+s$/)) { d[++nd] = substr($0, RSTART + 4, RLENGTH - 5) }
}
END {
	printf "| %s | %s | %d | %d | %d | %d | %d | %s | %s | %s |\n", kata, code, hogs, runs, pass, fail, nm,
		ns ? stats(s, ns) : "-", nm2 ? stats(m, nm2) : "-", nd ? stats(d, nd) : "-"
}'
