#!/usr/bin/env bash
# The demo: installs what is missing, builds, starts the lab (emulated clusters, App Mesh accounts,
# Prometheus) and Meshpane against it, and prints the URL. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
port="${PORT:-3000}"
# Something already answering there would pass for the demo's Meshpane below.
if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
  echo "port $port is in use: stop what listens there, or choose another (PORT=4000 npm run demo)" >&2
  exit 1
fi
bash scripts/install.sh
export PATH="$PWD/node_modules/.bin:$PATH" # the project's Node (package.json: node)
echo "node $(node --version)"

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib server package-lock.json -newer .next/BUILD_ID -print -quit)" ]; then
  bash scripts/build.sh
fi

# Each child in its own process group (setsid), so stopping it stops what it started too
# (npx, node, the lab's Prometheus, next-server).
pids=()
start() { setsid "$@" & pids+=($!); }
cleanup() {
  trap - EXIT INT TERM
  for pid in "${pids[@]}"; do kill -TERM -- "-$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap cleanup EXIT INT TERM

rm -f .lab/lab.json
start npx tsx lab/cli.ts start --dir .lab
until [ -f .lab/lab.json ]; do
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the lab failed to start" >&2; exit 1; }
  sleep 0.2
done

MESHPANE_CONFIG="$PWD/.lab/meshpane.json" start bash scripts/start.sh start -p "$port" >.lab/app.log 2>&1
until curl -fs -o /dev/null "http://127.0.0.1:$port/api/v1/sources"; do
  kill -0 "${pids[1]}" 2>/dev/null || { echo "Meshpane failed to start, see .lab/app.log" >&2; exit 1; }
  sleep 0.3
done

echo
echo "Meshpane demo: http://127.0.0.1:$port"
echo "kubectl:       kubectl --kubeconfig .lab/kubeconfig get virtualservices -A --context prod-eu"
echo "Ctrl-C stops the lab and the app."
wait
