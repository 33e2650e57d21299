#!/usr/bin/env bash
# The whole test suite, as CI runs it: install what is missing, then type check, lint, a
# production build (the CLI's tests and Playwright run it), unit and integration tests (against
# the lab), and the Playwright suite in chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
export NEXT_TELEMETRY_DISABLED=1
start=$(date +%s)
bash scripts/install.sh --with-browser
export PATH="$PWD/node_modules/.bin:$PATH" # the project's Node (package.json: node)
echo "node $(node --version)"

step() { echo; echo "==> $*"; }
step "type check";   npx tsc --noEmit
step "lint";         npx eslint . --max-warnings=0
step "format check"; npx prettier --check . >/dev/null || { npx prettier --check . | tail -20; exit 1; }
step "production build"; bash scripts/build.sh
step "unit and integration tests"; npx vitest run
step "end-to-end tests (chromium)"; npx playwright test
echo
echo "all tests passed in $(( $(date +%s) - start ))s"
