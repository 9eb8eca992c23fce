#!/usr/bin/env bash
# Quick start on the embedded defaults: set up, create a local repository under the data dir,
# back up a folder (default: your Documents folder if it exists, else this checkout's docs) and list the snapshot.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
bash "$root/workbench/scripts/setup.sh"

tl() { node "$root/workbench/bin/timelocker.js" "$@"; }
source_dir=${1:-${TIMELOCKER_QUICKSTART_SOURCE:-}}
if [[ -z $source_dir ]]; then
  if [[ -d $HOME/Documents ]]; then source_dir=$HOME/Documents; else source_dir=$root/plugin-api; fi
fi
data_dir=$(tl config path >/dev/null && node -e "import('$root/workbench/dist/node/index.js').then(m => console.log(m.resolveKernelOptions().dataDir))")
repo_dir="$data_dir/repositories/quickstart"

if ! tl repo list --json | grep -q '"name": "quickstart"'; then
  echo "== Creating local repository 'quickstart' at $repo_dir"
  mkdir -p "$data_dir/repositories"
  if [[ -n ${TIMELOCKER_PASSWORD:-} ]]; then
    # Scripted: the password stays where it is (env) and is read from there at every run.
    tl repo add quickstart --backend local --path "$repo_dir" --password-env TIMELOCKER_PASSWORD
  else
    tl repo add quickstart --backend local --path "$repo_dir" || {
      echo "No keyring or terminal available: set TIMELOCKER_PASSWORD and run again (npm start)." >&2; exit 2; }
  fi
  tl repo init quickstart
fi
if ! tl plan list --json | grep -q '"name": "quickstart"'; then
  tl plan add quickstart --repo quickstart --path "$source_dir"
fi
echo "== Backing up $(tl plan list --json | node -e "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.parse(s).find(p=>p.name==='quickstart').paths.join(', ')))")"
tl backup quickstart
echo "== Snapshots"
tl snapshots --repo quickstart
echo
echo "Next: timelocker ls latest --repo quickstart   |   timelocker restore latest --repo quickstart --target /tmp/restore"
echo "(run the CLI as: npx timelocker …)"
