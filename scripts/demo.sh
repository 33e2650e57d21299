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

if [ ! -f .next/BUILD_ID ] || [ -n "$(find app components lib server package-lock.json -newer .next/BUILD_ID -print -quit)" ]; then
  echo "==> next build"
  npx next build
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
start npx tsx lab/cli.ts start --dir .lab \
  --app-origin "http://127.0.0.1:$port" --app-origin "http://localhost:$port"
until [ -f .lab/lab.json ]; do
  kill -0 "${pids[0]}" 2>/dev/null || { echo "the lab failed to start" >&2; exit 1; }
  sleep 0.2
done

# Signs in through the lab's OpenID Connect provider; DEMO_SIGN_IN=none runs it as itself.
config=meshpane-oidc.json
[ "${DEMO_SIGN_IN:-oidc}" = none ] && config=meshpane.json
MESHPANE_CONFIG="$PWD/.lab/$config" start bash scripts/start.sh start -p "$port" >.lab/app.log 2>&1
# Any answer will do (with sign-in, the API answers 401 until someone signs in).
until curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/sources"; do
  kill -0 "${pids[1]}" 2>/dev/null || { echo "Meshpane failed to start, see .lab/app.log" >&2; exit 1; }
  sleep 0.3
done

echo
echo "Meshpane demo: http://127.0.0.1:$port"
if [ "$config" = meshpane-oidc.json ]; then
  echo "sign in as:    alice/alice (mesh-admins: everything), bob/bob (shop-devs: namespace shop of"
  echo "               prod-eu), carol/carol (viewers: read only); the sign-in page is the lab's"
  echo "               provider on HTTPS with the lab's CA (.lab/ca.crt): accept it or trust it"
fi
echo "kubectl:       kubectl --kubeconfig .lab/kubeconfig get virtualservices -A --context prod-eu"
echo "Ctrl-C stops the lab and the app."
wait
