// `tsx lab/appmesh/serve.ts <scenario.yaml> <dir>`: the App Mesh lab alone, in its own process
// (benchmarks keep its CPU off the measured side). Prints `appmesh ready <endpoint>`.
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { startAppMeshLab } from './index'

async function main() {
  const [scenarioPath, dir] = process.argv.slice(2)
  if (!scenarioPath || !dir)
    throw new Error('usage: tsx lab/appmesh/serve.ts <scenario.yaml> <dir>')
  const { aws } = parse(readFileSync(scenarioPath, 'utf8')) as { aws: unknown }
  const lab = await startAppMeshLab({ aws, dir })
  console.log(`appmesh ready ${lab.endpoint}`)
  const stop = () => void lab.close().then(() => process.exit(0))
  process.on('SIGINT', stop)
  process.on('SIGTERM', stop)
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e)
  process.exit(1)
})
