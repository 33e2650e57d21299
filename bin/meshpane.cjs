#!/usr/bin/env node
// `npx meshpane`: the CLI (cli/) runs from its TypeScript sources under tsx, so a clone needs no
// build step (`npm ci` installs tsx).
require('tsx/cjs')
require('../cli/meshpane.ts')
