#!/usr/bin/env bash
# html-check.sh REPORT.html OUT.png|OUT.pdf
# Renders the grader's HTML report (report.WriteHTML) in headless Chromium, as
# a screenshot (OUT.png, a 1280x2000 window; HTML_CHECK_WINDOW=W,H changes it)
# or as the page printed (OUT.pdf). Nothing is fetched: the report is
# self-contained, and Chromium's own background traffic is turned off.
# CHROMIUM names the browser (default: chromium on the PATH; Debian's package
# is chromium). It runs as root on CI, hence --no-sandbox.
# Example: scripts/html-check.sh /tmp/report.html /tmp/report.png
set -euo pipefail
if (($# != 2)); then
	echo "usage: $0 REPORT.html OUT.png|OUT.pdf" >&2
	exit 2
fi
report=$1 out=$2
browser=${CHROMIUM:-chromium}
if ! command -v "$browser" >/dev/null 2>&1; then
	echo "$0: $browser is not installed (Debian: apt-get install -y chromium)" >&2
	exit 3
fi
[[ -f $report ]] || { echo "$0: no such file: $report" >&2; exit 2; }
report=$(cd "$(dirname "$report")" && pwd)/$(basename "$report")
case $out in
*.png) what=--screenshot=$out ;;
*.pdf) what=--print-to-pdf=$out ;;
*) echo "$0: $out must end in .png or .pdf" >&2; exit 2 ;;
esac
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
rm -f "$out"
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run --hide-scrollbars \
	--disable-background-networking --disable-component-update --disable-sync \
	--user-data-dir="$profile" --window-size="${HTML_CHECK_WINDOW:-1280,2000}" \
	--no-pdf-header-footer "$what" "file://$report" >"$profile/log" 2>&1 || {
	cat "$profile/log" >&2
	exit 1
}
if [[ ! -s $out ]]; then
	cat "$profile/log" >&2
	echo "$0: Chromium wrote no $out" >&2
	exit 1
fi
