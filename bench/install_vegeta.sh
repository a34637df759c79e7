#!/usr/bin/env bash
# Installs vegeta, the native open-loop load generator bench/bench_load.py drives, pinned, into
# .rlservice/tools/ (git-ignored, per project), unless it is there already. `go install` builds it
# from the Go module proxy. Prints the binary's path on stdout; progress goes to stderr.
# Usage: bench/install_vegeta.sh
set -euo pipefail
. "$(dirname "$0")/../deploy/lib.sh"

VERSION=v12.13.0
DIR="$STATE/tools/vegeta-$VERSION"  # the version in the path: a pin change installs anew
if [ ! -x "$DIR/vegeta" ]; then
  GO=$(command -v go || echo /usr/local/go/bin/go)
  [ -x "$GO" ] || die "go is missing: vegeta $VERSION is built with 'go install' (Go 1.22 or later);
install Go and put it on PATH (or at /usr/local/go/bin/go), then run $0 again"
  log "installing vegeta $VERSION into $DIR"
  GOBIN="$DIR" "$GO" install "github.com/tsenart/vegeta/v12@$VERSION"
fi
echo "$DIR/vegeta"
