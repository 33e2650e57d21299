// npm links the bins of dependencies into node_modules/.bin, never the project's own: this links
// `meshpane` (package.json "bin") there too, so `npx meshpane` works in a clone after `npm ci`.
const fs = require('node:fs')
const path = require('node:path')

const bin = path.join(__dirname, '..', 'node_modules', '.bin')
const link = path.join(bin, 'meshpane')
fs.mkdirSync(bin, { recursive: true })
fs.rmSync(link, { force: true })
fs.symlinkSync(path.join('..', '..', 'bin', 'meshpane.cjs'), link)
