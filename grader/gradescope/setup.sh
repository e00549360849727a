#!/usr/bin/env bash
# setup.sh: Gradescope runs this once, as root and with network, when it
# builds the autograder's image. It installs what grading needs, so that each
# submission's run_autograder starts at once: bubblewrap (the sandbox), a
# pinned Go release (checked against its SHA-256), the module's dependencies,
# bin/grader, and the standard library built with and without -race.
#
# Written by `grader gradescope-bundle` from grader/gradescope/setup.sh; the
# Go pin comes from grader/gradescope.go (see docs/ci.md, "Gradescope").
set -euo pipefail

# The Go release that grades, and the SHA-256 of its official linux-amd64
# archive as https://go.dev/dl/ lists it.
GO_VERSION={{.GoVersion}}
GO_SHA256={{.GoSHA256}}

SOURCE=$(cd "$(dirname "$0")" && pwd)
echo "deli setup: course in $SOURCE, Go $GO_VERSION"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# bubblewrap is the sandbox; util-linux has prlimit; curl and its CA
# certificates fetch Go.
apt-get install -y -qq --no-install-recommends bubblewrap util-linux curl ca-certificates >/dev/null

archive=$(mktemp -d)/go.tar.gz
curl -fsSL --retry 3 -o "$archive" "https://go.dev/dl/go$GO_VERSION.linux-amd64.tar.gz"
if ! echo "$GO_SHA256  $archive" | sha256sum -c --quiet -; then
  echo "deli setup: the Go archive's SHA-256 is not the pinned one; refusing to install it" >&2
  exit 1
fi
rm -rf /usr/local/go
tar -C /usr/local -xzf "$archive"
rm -f "$archive"
export PATH=/usr/local/go/bin:$PATH GOTOOLCHAIN=local
go version

cd "$SOURCE"
go mod download
go build -o bin/grader ./grader
# Build the standard library and the suites' dependencies once in both
# modes the grader uses, so the first grading only compiles the kata.
go build std
go build -race std
go test -count=1 -run '^$' ./exercises/... >/dev/null
go test -count=1 -race -run '^$' ./exercises/... >/dev/null
chmod +x "$SOURCE/run_autograder"

# Say now, in the build log, whether a sandbox can start here; grading
# checks again for every submission (the build and the runs may differ).
if bwrap --unshare-all --die-with-parent --ro-bind / / /bin/true 2>/dev/null; then
  echo "deli setup: bubblewrap can start a sandbox here"
else
  echo "deli setup: WARNING: bubblewrap cannot start a sandbox in this container."
  echo "  A sandboxed bundle will then score every submission 0 and say so;"
  echo "  see docs/ci.md (Gradescope) about building the bundle with --unsandboxed."
fi
echo "deli setup: done"
