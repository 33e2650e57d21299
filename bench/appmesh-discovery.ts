// App Mesh discovery across accounts and regions vs the slowest single region.
// Run: npx tsx --conditions=react-server bench/appmesh-discovery.ts [latencyMs]
// The lab runs in its own process (like AWS, its CPU is not ours); every call pays `latencyMs`.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createInterface } from 'node:readline'
import { stringify } from 'yaml'
import { generateAwsScenario } from '@/lab/appmesh/generate'
import { appMeshAdapter } from '@/server/adapters/appmesh'
import { AwsConfig } from '@/server/config/aws'
import { awsSources, type AwsSource } from '@/server/sources/aws'

const REGIONS = ['eu-west-1', 'us-east-1', 'ap-southeast-2']
const latencyMs = Number(process.argv[2] ?? 30)
const size = { accounts: 2, regions: REGIONS, meshes: 5, routes: 20, latencyMs }

async function startLab(dir: string): Promise<{ endpoint: string; stop(): void }> {
  const file = path.join(dir, 'scenario.yaml')
  writeFileSync(file, stringify({ aws: generateAwsScenario(size) }))
  const child = spawn('npx', ['tsx', 'lab/appmesh/serve.ts', file, dir], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  for await (const line of createInterface({ input: child.stdout })) {
    const ready = /^appmesh ready (\S+)/.exec(line)
    if (ready) return { endpoint: ready[1]!, stop: () => child.kill('SIGTERM') }
  }
  throw new Error('the App Mesh lab exited before it was ready')
}

/** What the inventory does for a source: discover its meshes, then every mesh's services. */
async function discoverSource(source: AwsSource): Promise<number> {
  const signal = AbortSignal.timeout(120_000)
  const meshes = await appMeshAdapter.discover(source, signal)
  const services = await Promise.all(meshes.map((m) => appMeshAdapter.services(m, source, signal)))
  return services.reduce((n, s) => n + s.items.length, 0)
}

async function timed<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now()
  const value = await run()
  return { ms: Math.round(performance.now() - started), value }
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'appmesh-bench-'))
  const lab = await startLab(dir)
  try {
    const config = AwsConfig.parse({
      configFile: path.join(dir, 'aws/config'),
      credentialsFile: path.join(dir, 'aws/credentials'),
      endpoint: lab.endpoint,
      accounts: ['account1', 'account2'].map((profile) => ({ profile, regions: REGIONS })),
    })
    // Warm up: credentials resolved and connections opened, as in a running server.
    await Promise.all(awsSources(config).map(discoverSource))
    const singles: { name: string; ms: number }[] = []
    for (const source of awsSources(config))
      singles.push({ name: source.ref.name, ms: (await timed(() => discoverSource(source))).ms })
    const sources = awsSources(config)
    const cpuBefore = process.cpuUsage()
    const all = await timed(() => Promise.all(sources.map(discoverSource)))
    const cpu = process.cpuUsage(cpuBefore)
    const slowest = singles.reduce((a, b) => (b.ms > a.ms ? b : a))
    const services = all.value.reduce((a, b) => a + b, 0)
    console.log(
      `App Mesh discovery: ${size.accounts} accounts × ${REGIONS.length} regions × ${size.meshes} meshes × ${size.routes} routes, ${latencyMs} ms per call, ${config.maxConcurrency} calls in flight per source`,
    )
    for (const s of singles) console.log(`  ${s.name.padEnd(24)} alone: ${s.ms} ms`)
    console.log(`  all ${sources.length} sources at once: ${all.ms} ms (${services} services)`)
    // Near the wall time, Meshpane's own CPU (SDK signing and parsing) is the limit, not AWS.
    console.log(
      `  Meshpane CPU during it: ${Math.round((cpu.user + cpu.system) / 1000)} ms; load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`,
    )
    console.log(`  slowest single region: ${slowest.ms} ms (${slowest.name})`)
    console.log(`  ratio all / slowest: ${(all.ms / slowest.ms).toFixed(2)} (target < 2)`)
  } finally {
    lab.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
