#!/usr/bin/env bash
# `npm start` / `npm run dev`: Next on 127.0.0.1 unless HOST (or -H/--hostname) says otherwise.
# The host is exported as MESHPANE_LISTEN_HOST: Meshpane refuses to start without sign-in on
# anything but a loopback address, and answers only to Host headers of its own addresses.
set -euo pipefail
mode=$1
shift
host=${HOST:-127.0.0.1}
args=()
while [ $# -gt 0 ]; do
  case $1 in
    -H | --hostname) host=$2; shift 2 ;;
    --hostname=*) host=${1#*=}; shift ;;
    *) args+=("$1"); shift ;;
  esac
done
export MESHPANE_LISTEN_HOST=$host
exec npx next "$mode" -H "$host" "${args[@]}"
