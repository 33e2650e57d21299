// Server CPU of one mesh's service listing (an adapter's `services()`) against the number of services.
// Run: npm run bench:listing [-- 100,500,2000]
// The cluster is a fake `kube` answering from prepared in-memory lists, so only the adapter's own
// computation is timed (no network, no JSON). Each service has a Service, a Service per version
// (v1-v3), 3 pods (one per version), an Istio VirtualService (v1 90 / v2 10) and DestinationRule
// (subsets v1-v3), a GAMMA HTTPRoute and an SMI TrafficSplit (v1 90 / v2 10 over version Services).
// Printed per adapter and size: median ms, the growth per 10× services (10 for linear, 100 for
// quadratic), and a digest of the answer, to compare answers before and after a change.
import { createHash } from 'node:crypto'
import { performance } from 'node:perf_hooks'
import { meshId, type MeshKey } from '@/lib/ids'
import type { Mesh, MeshKind } from '@/lib/schemas'
import type { MeshAdapter } from '@/server/adapters/contract'
import { gatewayApiAdapter } from '@/server/adapters/gateway-api'
import { istioAdapter } from '@/server/adapters/istio'
import { smiAdapter } from '@/server/adapters/smi'
import type { SourceHandle } from '@/server/sources/source'

const sizes = (process.argv[2] ?? '100,500,2000').split(',').map(Number)
const NAMESPACES = 20
const VERSIONS = ['v1', 'v2', 'v3']

type World = Record<string, unknown[]>

const meta = (namespace: string, name: string, extra: Record<string, unknown> = {}) => ({
  name,
  namespace,
  resourceVersion: '1',
  creationTimestamp: '2026-01-01T00:00:00Z',
  ...extra,
})

function worldOf(services: number): World {
  const world: World = {
    services: [],
    pods: [],
    virtualservices: [],
    destinationrules: [],
    httproutes: [],
    trafficsplits: [],
  }
  for (let i = 0; i < services; i++) {
    const ns = `ns-${i % NAMESPACES}`
    const app = `svc-${i}`
    const ports = [{ port: 80 }]
    world.services!.push({ metadata: meta(ns, app), spec: { selector: { app }, ports } })
    for (const version of VERSIONS) {
      world.services!.push({
        metadata: meta(ns, `${app}-${version}`),
        spec: { selector: { app, version }, ports },
      })
      world.pods!.push({
        metadata: meta(ns, `${app}-${version}-7d4f9`, { labels: { app, version } }),
        status: { phase: 'Running', conditions: [{ type: 'Ready', status: 'True' }] },
      })
    }
    world.virtualservices!.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'VirtualService',
      metadata: meta(ns, app),
      spec: {
        hosts: [app],
        http: [
          {
            route: [
              { destination: { host: app, subset: 'v1' }, weight: 90 },
              { destination: { host: app, subset: 'v2' }, weight: 10 },
            ],
          },
        ],
      },
    })
    world.destinationrules!.push({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: meta(ns, app),
      spec: { host: app, subsets: VERSIONS.map((v) => ({ name: v, labels: { version: v } })) },
    })
    world.httproutes!.push({
      apiVersion: 'gateway.networking.k8s.io/v1',
      kind: 'HTTPRoute',
      metadata: meta(ns, app),
      spec: {
        parentRefs: [{ group: '', kind: 'Service', name: app, port: 80 }],
        rules: [
          {
            backendRefs: [
              { name: `${app}-v1`, port: 80, weight: 90 },
              { name: `${app}-v2`, port: 80, weight: 10 },
            ],
          },
        ],
      },
    })
    world.trafficsplits!.push({
      apiVersion: 'split.smi-spec.io/v1alpha4',
      kind: 'TrafficSplit',
      metadata: meta(ns, app),
      spec: {
        service: app,
        backends: [
          { service: `${app}-v1`, weight: 90 },
          { service: `${app}-v2`, weight: 10 },
        ],
      },
    })
  }
  return world
}

const VERSIONS_SERVED: Record<string, string> = {
  'networking.istio.io': 'v1',
  'gateway.networking.k8s.io': 'v1',
  'split.smi-spec.io': 'v1alpha4',
}

/** A source whose `kube` answers discovery and lists from `world` (the last path segment is the kind). */
function fakeSource(world: World): SourceHandle {
  const key = { kind: 'kubernetes' as const, name: 'bench' }
  const kube = {
    async get(path: string) {
      const version = VERSIONS_SERVED[path.replace(/^\/apis\//, '')]
      if (!version) throw new Error(`bench: no answer for GET ${path}`)
      return { preferredVersion: { version } }
    },
    async list(path: string) {
      const items = world[path.split('/').pop()!]
      if (!items) throw new Error(`bench: no answer for list ${path}`)
      return items
    },
  }
  return {
    kind: 'kubernetes',
    ref: { id: 'bench', name: 'bench', kind: 'kubernetes' },
    key,
    endpoint: 'memory:',
    identity: 'bench',
    kube,
  } as unknown as SourceHandle
}

function meshOf(kind: MeshKind, name: string, source: SourceHandle): Mesh {
  const key: MeshKey = { source: source.key, kind, name }
  return { id: meshId(key), kind, name, version: 'bench', source: source.ref, mtls: 'unknown' }
}

/** Median ms of `run` after one warm-up, over at least 3 runs and about a second. */
async function medianMs(run: () => Promise<unknown>): Promise<number> {
  await run()
  const times: number[] = []
  const start = performance.now()
  while (times.length < 3 || (performance.now() - start < 1000 && times.length < 50)) {
    const t = performance.now()
    await run()
    times.push(performance.now() - t)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}

const adapters: [MeshKind, string, MeshAdapter<SourceHandle>][] = [
  ['istio', 'istio', istioAdapter as unknown as MeshAdapter<SourceHandle>],
  ['gateway-api', 'gateway-api', gatewayApiAdapter as unknown as MeshAdapter<SourceHandle>],
  ['smi', 'smi', smiAdapter as unknown as MeshAdapter<SourceHandle>],
]

async function main() {
  const worlds = new Map(sizes.map((n) => [n, worldOf(n)]))
  console.log(`services() per listing, ${NAMESPACES} namespaces, 3 pods per service`)
  for (const [kind, name, adapter] of adapters) {
    const rows: { n: number; ms: number }[] = []
    for (const n of sizes) {
      const source = fakeSource(worlds.get(n)!)
      const mesh = meshOf(kind, name, source)
      const answer = await adapter.services(mesh, source, AbortSignal.timeout(600_000))
      if (answer.items.length !== n)
        throw new Error(`${kind}: ${answer.items.length} services listed, ${n} expected`)
      const digest = createHash('sha256').update(JSON.stringify(answer)).digest('hex').slice(0, 12)
      const ms = await medianMs(() => adapter.services(mesh, source, AbortSignal.timeout(600_000)))
      const prev = rows.at(-1)
      const per10x = prev ? (ms / prev.ms) ** (1 / Math.log10(n / prev.n)) : undefined
      rows.push({ n, ms })
      console.log(
        `${kind.padEnd(12)} ${String(n).padStart(5)} services  ${ms.toFixed(1).padStart(8)} ms` +
          `${per10x ? `  ×${per10x.toFixed(1)} per 10× services` : ''}  answer ${digest}`,
      )
    }
    const [first, last] = [rows[0]!, rows.at(-1)!]
    if (rows.length > 1)
      console.log(
        `${kind.padEnd(12)} ${first.n}→${last.n}: ×${(last.ms / first.ms).toFixed(1)} time for ×${last.n / first.n} services` +
          ` (×${((last.ms / first.ms) ** (1 / Math.log10(last.n / first.n))).toFixed(1)} per 10×)`,
      )
  }
}

main().catch((e: unknown) => {
  console.error(e)
  process.exit(1)
})
