#!/usr/bin/env bash
# Prepares a fresh Debian/Ubuntu machine: system packages (as root, with apt-get), npm dependencies, build.
# Safe to run again: it installs only what is missing and rebuilds incrementally.
set -euo pipefail
cd "$(dirname "$0")/../.."

# command-or-file to check : Debian package that provides it
required=(
  "restic:restic"
  "sshd:openssh-server"
  "gnome-keyring-daemon:gnome-keyring"
  "dbus-daemon:dbus"
  "dbus-run-session:dbus"
  "/usr/include/libsecret-1/libsecret/secret.h:libsecret-1-dev"
  "pdftotext:poppler-utils"
  "openssl:openssl"
  "ssh-keyscan:openssh-client"
  "setpriv:util-linux"
  "chromium:chromium"
  "Xvfb:xvfb"
  "xwininfo:x11-utils"
  "rclone:rclone"
  "systemd-analyze:systemd"
)

missing=()
for entry in "${required[@]}"; do
  probe=${entry%%:*}
  package=${entry##*:}
  if [[ $probe == /* ]]; then [[ -e $probe ]] && continue
  else command -v "$probe" >/dev/null 2>&1 || [[ -x /usr/sbin/$probe ]] && continue
  fi
  [[ " ${missing[*]-} " == *" $package "* ]] || missing+=("$package")
done

if ((${#missing[@]})); then
  echo "setup: installing system packages: ${missing[*]}" >&2
  if [[ $(id -u) -ne 0 ]]; then
    echo "setup: cannot install ${missing[*]}: not root. Run as root, or: sudo apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "setup: cannot install ${missing[*]}: apt-get not found (TimeLocker's setup supports Debian/Ubuntu). Install them with your package manager." >&2
    exit 1
  fi
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    echo "setup: apt-get could not install ${missing[*]}; install them by hand and run this again." >&2
    exit 1
  fi
fi

# keytar (the OS keyring) is a native module: node-gyp must build it against this Node's headers, because neither a
# prebuilt binary nor the headers can be downloaded everywhere. Point npm at the system's headers when it has them.
if [[ -z ${npm_config_nodedir:-} && -f /usr/include/node/node.h ]] && [[ $(npm config get nodedir 2>/dev/null) != /* ]]; then
  export npm_config_nodedir=/usr
fi
keytar_loads() { node -e "require('keytar')" >/dev/null 2>&1; }
keytar_buildable() {
  [[ -e /usr/include/libsecret-1/libsecret/secret.h ]] && [[ -n ${npm_config_nodedir:-} || $(npm config get nodedir 2>/dev/null) == /* ]]
}

# npm ci only when the lock file changed since the last install (keeps re-runs fast), or when keytar — an optional
# dependency that npm drops without a word when its build fails — does not load but could be built now (e.g.
# libsecret was installed after the last npm ci).
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]] || { ! keytar_loads && keytar_buildable; }; then
  echo "setup: installing npm dependencies (npm ci)" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi
if ! keytar_loads; then
  if [[ -d node_modules/keytar ]]; then why="it is installed but does not load ($( (node -e "require('keytar')" 2>&1 || true) | grep -m1 -E 'Error' ))"
  else why="npm left it out because its native build failed during npm ci"; fi
  echo "setup: keytar (the OS keyring) is unavailable: ${why}. Fix: apt-get install -y libsecret-1-dev g++ make python3, make Node's headers available (/usr/include/node/node.h, or set npm_config_nodedir), then run: npm ci. Until then TimeLocker keeps no secret in the keyring: use password files, environment variables or commands." >&2
  [[ ${TIMELOCKER_REQUIRE_KEYRING:-} == 1 ]] && exit 1
fi

echo "setup: building (tsc -b)" >&2
npm run build --silent
