#!/usr/bin/env bash
# Runs everything CI runs: a gofmt check, go vet and every test with the race
# detector.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
unformatted=$(gofmt -l $(git ls-files '*.go' 2>/dev/null || find . -name '*.go' -not -path './bin/*'))
if [ -n "$unformatted" ]; then
  echo "gofmt would change these files (run gofmt -w on them):" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet -tags migrated_fynedo ./...
go test -race -tags migrated_fynedo -count=1 -timeout 30m ./...
