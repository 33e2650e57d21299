#!/usr/bin/env bash
# `npm start`: the production build (.next/standalone/server.js, see build.sh); `npm run dev`: next dev.
# Both on 127.0.0.1 unless HOST (or -H/--hostname) says otherwise, on PORT (or -p/--port, default 3000).
# The host is exported as MESHPANE_LISTEN_HOST: Meshpane refuses to start without sign-in on
# anything but a loopback address, and answers only to Host headers of its own addresses.
set -euo pipefail
mode=$1
shift
root="$(cd "$(dirname "$0")/.." && pwd)"
export PATH="$root/node_modules/.bin:$PATH" # the project's Node (package.json: node)
host=${HOST:-127.0.0.1}
port=${PORT:-3000}
args=()
while [ $# -gt 0 ]; do
  case $1 in
    -H | --hostname) host=$2; shift 2 ;;
    --hostname=*) host=${1#*=}; shift ;;
    -p | --port) port=$2; shift 2 ;;
    --port=*) port=${1#*=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
export MESHPANE_LISTEN_HOST=$host
echo "meshpane: node $(node --version), $mode on $host:$port"
if [ "$mode" = dev ]; then exec npx next dev -H "$host" -p "$port" "${args[@]}"; fi

if [ ${#args[@]} -gt 0 ]; then echo "start.sh: unknown arguments: ${args[*]}" >&2; exit 2; fi
server="$root/.next/standalone/server.js"
[ -f "$server" ] || { echo "no production build at $server: run npm run build first" >&2; exit 1; }
# The standalone server changes into its own folder: paths given here are made absolute first.
if [ -n "${MESHPANE_CONFIG:-}" ]; then export MESHPANE_CONFIG="$(realpath "$MESHPANE_CONFIG")"; fi
export MESHPANE_START_DIR="$PWD"
# Meshpane handles SIGTERM itself (writes in flight finish, the audit database closes): Next stands aside.
export NEXT_MANUAL_SIG_HANDLE=true
export PORT="$port" HOSTNAME="$host" NODE_ENV=production
exec node "$server"
