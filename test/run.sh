#!/usr/bin/env bash
# The one test command (npm test): set up what is missing, build, run every mocha test once.
# Ends with the plain line "N passed, N failed" printed by the summary reporter from mocha's results.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
# The suite tests the real keyring: a keytar that does not load is a set-up failure, not 20 failing tests.
TIMELOCKER_REQUIRE_KEYRING=1 bash workbench/scripts/setup.sh

specs=(
  'plugin-api/dist/**/*.test.js'
  'plugin-host/dist/**/*.test.js'
  'workbench/dist/**/*.test.js'
  'builtin-plugins/*/dist/**/*.test.js'
  'test/dist/**/*.test.js'
)
# Tests start their own servers and keyrings; TMPDIR keeps their files out of the user's home.
export TIMELOCKER_TEST=1
set +e
npx mocha --reporter "$root/test/mocha-summary-reporter.cjs" --timeout 120000 --slow 5000 --exit "${specs[@]}"
status=$?
set -e
exit $status
