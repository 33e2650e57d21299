#!/usr/bin/env bash
# Installs what the demo and the tests need on a Debian machine, skipping what is already there:
# the npm packages (from package-lock.json), and from Debian prometheus, kubectl, and for the tests
# chromium, postgresql and openssl (a certificate for an HTTPS Prometheus).
# Usage: scripts/install.sh [--with-browser]
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund
fi

missing=()
command -v prometheus >/dev/null || missing+=(prometheus)
command -v kubectl >/dev/null || missing+=(kubernetes-client)
if [ "${1:-}" = --with-browser ]; then
  # The tests: the browser, openssl, and a PostgreSQL server they start on a private port and folder.
  [ -x /usr/bin/chromium ] || missing+=(chromium)
  command -v openssl >/dev/null || missing+=(openssl)
  compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null || missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  sudo=""
  [ "$(id -u)" = 0 ] || sudo=sudo
  export DEBIAN_FRONTEND=noninteractive
  if ! { $sudo apt-get update -qq && $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"; }; then
    # The demo and the app still run without Prometheus (metrics are then shown as unavailable).
    echo "warning: could not install ${missing[*]}" >&2
  fi
fi
