#!/usr/bin/env bash
# Builds the workspace (tsc + the CLI and browser bundles the benchmarks run), then runs every benchmark;
# results land in bench/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
npm run build --silent
node bench/run.mjs
