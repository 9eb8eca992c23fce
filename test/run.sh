#!/usr/bin/env bash
# The one test command (npm test): set up what is missing, build, run every mocha test once.
# Ends with the plain line "N passed, N failed" printed by the summary reporter from mocha's results.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The suite tests the real keyring: a keytar that does not load is a set-up failure, not 20 failing tests.
TIMELOCKER_REQUIRE_KEYRING=1 bash workbench/scripts/setup.sh

# Workers take files in this order: the slow end-to-end files first, the quick unit files last, so that no worker
# is left alone with a minute-long file at the end of the run.
specs=(
  'test/dist/**/*.test.js'
  'builtin-plugins/*/dist/**/*.test.js'
  'workbench/dist/**/*.test.js'
  'plugin-host/dist/**/*.test.js'
  'plugin-api/dist/**/*.test.js'
)
# Tests start their own servers and keyrings; TMPDIR keeps their files out of the user's home.
export TIMELOCKER_TEST=1
# Most tests wait on restic and servers rather than the CPU (two workers kept a 2-core machine ~60 % busy): three
# files at a time, each in its own worker process with its own servers, ports and temp dirs.
jobs=${TIMELOCKER_TEST_JOBS:-3}
parallel=()
[ "$jobs" -gt 1 ] && parallel=(--parallel --jobs "$jobs")
# No --exit: a serial run ends only when nothing is left open, and in --parallel mode (whose pool kills its workers)
# .mocharc.cjs's leak check fails every file that leaves a server, child, socket or timer running.
set +e
npx mocha "${parallel[@]}" --reporter "$root/test/mocha-summary-reporter.cjs" --timeout 120000 --slow 5000 "${specs[@]}"
status=$?
set -e
exit $status
