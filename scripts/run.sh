#!/usr/bin/env bash
# Builds and runs Homeward. Arguments go to the app: try --demo.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/deps.sh
go build -tags migrated_fynedo -o bin/homeward .
exec bin/homeward "$@"
