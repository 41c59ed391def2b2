#!/usr/bin/env bash
# Runs everything CI runs: a gofmt check, go vet, every test with the race
# detector, the performance targets without it (the race detector multiplies
# time and memory), and each benchmark once so that none of them rots. The
# central store's tests run against SQLite and a real PostgreSQL, which
# postgres.sh starts.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
. scripts/postgres.sh
unformatted=$(gofmt -l .)
if [ -n "$unformatted" ]; then
  echo "gofmt would change these files (run gofmt -w on them):" >&2
  echo "$unformatted" >&2
  exit 1
fi
go vet -tags migrated_fynedo ./...
go test -race -tags migrated_fynedo -count=1 -timeout 30m ./...
go test -count=1 -run 'TestUnlockMemory' ./store/
go test -tags migrated_fynedo -count=1 -run '^$' -bench . -benchtime 1x ./...
# A short fuzz of every decoder of bytes from the network. The budget is a
# count, not a time: a time budget can fail at its deadline with no crasher
# (golang/go#75804, fixed in Go 1.27).
for target in FuzzDecodePush FuzzDecodePull FuzzParseCode; do
  go test -count=1 -run '^$' -fuzz "^${target}\$" -fuzztime 200000x ./sync/protocol/
done
