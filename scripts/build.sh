#!/usr/bin/env bash
# `npm run build`: the production artefact, Next's standalone output (.next/standalone/server.js with
# the node_modules it needs), completed as Next's docs require: the static assets (and public/, when
# there is one) copied beside it, since the standalone server serves them but does not copy them.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH" # the project's Node (package.json: node)
echo "==> next build (node $(node --version))"
rm -rf .next/standalone # next build adds to it, never removes: start clean
npx next build
rm -rf .next/standalone/.next/static .next/standalone/public
cp -r .next/static .next/standalone/.next/static
if [ -d public ]; then cp -r public .next/standalone/public; fi
