#!/usr/bin/env bash
# `npm start`: set up, then run the workbench server and open its URL (or print it) with a fresh admin token.
# Scripted use: with TIMELOCKER_PASSWORD set, a local repository 'quickstart' and a plan for a folder (default: your
# Documents folder if it exists, else this checkout's plugin-api) are created first, the password read from the env
# at every run. Without it, the workbench's first-run wizard creates the repository. Extra args go to `serve`
# (e.g. `npm start -- --no-open --port 8080`).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bash "$root/workbench/scripts/setup.sh"

tl() { node "$root/workbench/bin/timelocker.js" "$@"; }
if [[ -n ${TIMELOCKER_PASSWORD:-} ]]; then
  source_dir=${TIMELOCKER_QUICKSTART_SOURCE:-}
  if [[ -z $source_dir ]]; then
    if [[ -d $HOME/Documents ]]; then source_dir=$HOME/Documents; else source_dir=$root/plugin-api; fi
  fi
  data_dir=$(node -e "import('$root/workbench/dist/node/index.js').then(m => console.log(m.resolveKernelOptions().dataDir))")
  repo_dir="$data_dir/repositories/quickstart"
  if ! tl repo list --json | grep -q '"name": "quickstart"'; then
    echo "== Creating local repository 'quickstart' at $repo_dir (password from TIMELOCKER_PASSWORD)"
    mkdir -p "$data_dir/repositories"
    tl repo add quickstart --backend local --path "$repo_dir" --password-env TIMELOCKER_PASSWORD
    tl repo init quickstart
  fi
  if ! tl plan list --json | grep -q '"name": "quickstart"'; then
    tl plan add quickstart --repo quickstart --path "$source_dir"
  fi
  echo "== Plan 'quickstart' backs up $source_dir: start it from the workbench (Plans view) or with: npx timelocker backup quickstart"
fi
echo "== Starting the workbench (Ctrl-C stops it; running jobs are cancelled cleanly)"
exec node "$root/workbench/bin/timelocker.js" serve "$@"
