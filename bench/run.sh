#!/usr/bin/env bash
# Builds the workspace, then runs every benchmark; results land in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -b
node bench/run.mjs
