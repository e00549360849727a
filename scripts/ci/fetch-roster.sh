#!/usr/bin/env bash
# fetch-roster.sh ROSTER DIR
#
# Clones each repository the roster lists (one owner/name per line; '#' starts
# a comment) into DIR/<name>, shallow, with the token in GH_TOKEN when set. A
# repository that cannot be cloned gets an empty folder, so the gradebook shows
# the student as "missing" instead of leaving them out. Every shard of a class
# fetches the same roster, so `grader batch --shard` splits the same list.
# DELI_GIT_BASE replaces https://github.com (a test points it at local repositories).
set -euo pipefail
if (($# != 2)); then
	echo "usage: $0 ROSTER DIR" >&2
	exit 2
fi
roster=$1 dir=$2
mkdir -p "$dir"
auth=
if [[ -n ${GH_TOKEN:-} ]]; then auth="x-access-token:$GH_TOKEN@"; fi
base=${DELI_GIT_BASE:-https://${auth}github.com}
while IFS= read -r line || [[ -n $line ]]; do
	repo=${line%%#*}
	repo=${repo//[[:space:]]/}
	[[ -z $repo ]] && continue
	if ! [[ $repo =~ ^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$ ]]; then
		echo "fetch-roster: skipping '$repo': not owner/name" >&2
		continue
	fi
	name=${repo#*/}
	if ! git clone --quiet --depth 1 "$base/$repo.git" "$dir/$name" 2>/dev/null; then
		echo "fetch-roster: could not clone $repo; it will be graded as missing" >&2
		rm -rf "${dir:?}/$name"
		mkdir -p "$dir/$name"
	fi
done <"$roster"
