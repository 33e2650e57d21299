import fs from 'node:fs'
import path from 'node:path'
import YAML from 'yaml'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { GraphEdge, GraphNode, ServiceGraph } from '@/lib/schemas'
import { loadConfig } from '@/server/config/config'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { kubectl } from '@/server/fixtures/kubectl'
import { waitFor } from '@/server/fixtures/poll'
import { testSplits } from '@/server/fixtures/splits'
import { Inventory } from '@/server/inventory'
import { Metrics } from '@/server/metrics'
import { PrometheusClient } from '@/server/metrics/prometheus-client'
import { awsSources } from '@/server/sources/aws'
import { kubeSources } from '@/server/sources/sources'
import { GraphReader, serviceGraph } from '.'

const SCENARIOS = path.join(__dirname, '..', '..', 'lab', 'scenarios')
const SETTINGS = { rateWindow: '4s', healthWindow: '30s', cacheMs: 500 }

type DeclaredService = { name: string; namespace: string; caller?: string | string[] }
type DeclaredCluster = { name: string; services?: (DeclaredService | DeclaredService[])[] }

/** The demo's call graph as its scenario files declare it: `cluster/ns/caller → cluster/ns/service`. */
function declaredCalls(): Map<string, Set<string>> {
  const read = (file: string) =>
    YAML.parse(fs.readFileSync(path.join(SCENARIOS, file), 'utf8'), { maxAliasCount: -1 }) as {
      clusters: DeclaredCluster[]
    }
  const out = new Map<string, Set<string>>()
  for (const c of [...read('demo.yaml').clusters, ...read('meshes.yaml').clusters]) {
    const calls = new Set<string>()
    for (const s of (c.services ?? []).flat())
      for (const caller of [s.caller ?? []].flat())
        calls.add(`${c.name}/${s.namespace}/${caller} → ${c.name}/${s.namespace}/${s.name}`)
    out.set(c.name, calls)
  }
  return out
}

const label = (n: GraphNode) => `${n.cluster}/${n.namespace}/${n.name}`

/** The graph's call edges whose callers the metrics name, in a cluster, as `caller → service`. */
function namedCalls(graph: ServiceGraph, cluster: string) {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  return new Set(
    graph.edges
      .filter((e) => e.kind === 'call' && byId.get(e.target)!.cluster === cluster)
      .filter((e) => byId.get(e.source)!.kind !== 'unknown')
      .map((e) => `${label(byId.get(e.source)!)} → ${label(byId.get(e.target)!)}`),
  )
}

describe('the service graph against the lab and a real Prometheus', () => {
  let lab: LabProcess
  let inventory: Inventory
  let prometheus: PrometheusClient
  const read = (params: Record<string, string> = {}, reader = new GraphReader(prometheus, 500)) =>
    serviceGraph(
      reader,
      inventory,
      new Metrics(prometheus, SETTINGS),
      new URLSearchParams({ window: '1m', ...params }),
    )
  const queryLog = () =>
    fs.existsSync(lab.info.prometheus!.queryLog)
      ? fs.readFileSync(lab.info.prometheus!.queryLog, 'utf8').split('\n').filter(Boolean)
      : []

  beforeAll(async () => {
    lab = await startLabProcess({ prometheus: true, scrapeIntervalSeconds: 1, tickMs: 250 })
    const config = loadConfig({ MESHPANE_CONFIG: lab.configPath })
    inventory = new Inventory([...kubeSources(config), ...awsSources(config.aws)], 3000)
    prometheus = new PrometheusClient({ url: lab.info.prometheus!.url })
  })
  afterAll(() => lab?.stop())

  // One cluster per mesh kind: its callers as the scenario declares them, reported by its proxies.
  for (const [cluster, kinds] of [
    ['prod-eu', ['istio']],
    ['linkerd', ['linkerd']],
    ['mixed', ['istio', 'gateway-api']],
    ['smi', ['smi']],
    ['consul', ['consul']],
  ] as const)
    it(
      `has the declared call graph of ${cluster} (${kinds.join(', ')})`,
      { timeout: 60_000 },
      async () => {
        const declared = declaredCalls().get(cluster)!
        const graph = await waitFor(`every declared call of ${cluster}`, async () => {
          const g = await read({ sources: cluster })
          const found = namedCalls(g, cluster)
          return [...declared].every((c) => found.has(c)) ? g : undefined
        })
        expect(namedCalls(graph, cluster)).toEqual(declared)
        expect(new Set(graph.nodes.filter((n) => n.meshKind).map((n) => n.meshKind))).toEqual(
          new Set(kinds),
        )
        // Each service's requests are split over its versions: every version edge leaves a service.
        const byId = new Map(graph.nodes.map((n) => [n.id, n]))
        for (const e of graph.edges.filter((x: GraphEdge) => x.kind === 'version'))
          expect(byId.get(e.source)!.versions).toContain(byId.get(e.target)!.name)
      },
    )

  it(
    'shows callers from outside the mesh as unknown where Istio and App Mesh report them',
    { timeout: 60_000 },
    async () => {
      const graph = await waitFor('unknown callers of productpage and App Mesh', async () => {
        const g = await read({ meshes: 'istio,appmesh' })
        const byId = new Map(g.nodes.map((n) => [n.id, n]))
        const fromUnknown = g.edges.filter(
          (e) => e.kind === 'call' && byId.get(e.source)!.kind === 'unknown' && e.figures.rps > 0,
        )
        const targets = fromUnknown.map((e) => byId.get(e.target)!)
        return targets.some((n) => n.name === 'productpage' && n.cluster === 'prod-eu') &&
          targets.some((n) => n.meshKind === 'appmesh')
          ? g
          : undefined
      })
      const byId = new Map(graph.nodes.map((n) => [n.id, n]))
      // productpage has no caller in the scenario; reviews has one, so none of its calls is unknown.
      const reviews = graph.nodes.find((n) => n.name === 'reviews' && n.cluster === 'prod-eu')!
      const callers = graph.edges.filter((e) => e.kind === 'call' && e.target === reviews.id)
      expect(callers.map((e) => label(byId.get(e.source)!))).toEqual([
        'prod-eu/bookinfo/productpage',
      ])
    },
  )

  it(
    'shows the faulty reviews v3 edge with its error rate, and its canary failing',
    { timeout: 90_000 },
    async () => {
      const splits = await testSplits(inventory)
      const meshes = await inventory.listMeshes()
      const mesh = meshes.items.find((m) => m.source.name === 'prod-eu' && m.kind === 'istio')!
      const reviews = (await inventory.listServices(mesh.id)).find((s) => s.name === 'reviews')!
      await splits.reweigh(reviews.id, { v1: 65, v2: 5, v3: 30 })
      const v3 = `${reviews.id}~v3`
      const graph = await waitFor('reviews v3 with its errors counted', async () => {
        const g = await read({ sources: 'prod-eu', namespaces: 'bookinfo' })
        const edge = g.edges.find((e) => e.target === v3)
        return edge && edge.figures.rps > 3 && (edge.figures.successRate ?? 1) < 0.97
          ? g
          : undefined
      })
      const edge = graph.edges.find((e) => e.target === v3)!
      console.log('reviews → v3:', edge.figures)
      expect(1 - edge.figures.successRate!).toBeGreaterThan(0.03)
      expect(1 - edge.figures.successRate!).toBeLessThan(0.2)
      expect(edge.figures.p99).toBeGreaterThan(0)
      const v1 = graph.edges.find((e) => e.target === `${reviews.id}~v1`)!
      expect(v1.figures.successRate).toBeGreaterThan(0.98)
      expect(graph.nodes.find((n) => n.id === v3)!.health).toBe('failing')
      // The namespace filter leaves bookinfo's services alone.
      expect(
        new Set(graph.nodes.filter((n) => n.kind === 'service').map((n) => n.namespace)),
      ).toEqual(new Set(['bookinfo']))
    },
  )

  it(
    'asks Prometheus the same number of queries when the mesh has more services',
    { timeout: 90_000 },
    async () => {
      const count = async () => {
        const before = queryLog().length
        const graph = await read({ sources: 'staging' })
        // The query log is written as Prometheus answers: wait until its lines stop growing.
        let seen = -1
        await waitFor('the query log settled', async () => {
          const now = queryLog().length
          const settled = now === seen
          seen = now
          return settled || undefined
        })
        return { queries: seen - before, graph }
      }
      const first = await count()
      const services = (g: ServiceGraph) => g.nodes.filter((n) => n.kind === 'service').length
      const added = Array.from({ length: 6 }, (_, i) => `extra-${i}`)
      await kubectl(
        lab.kubeconfigPath,
        'staging',
        ['apply', '--validate=false', '-f', '-'],
        added.map((name) => extraService(name)).join('\n---\n'),
      )
      const grown = await waitFor('the new services in the graph', async () => {
        const g = await read({ sources: 'staging' })
        return services(g) >= services(first.graph) + added.length ? g : undefined
      })
      const second = await count()
      console.log(
        `graph queries: ${first.queries} for ${services(first.graph)} services, ${second.queries} for ${services(grown)}`,
      )
      expect(first.queries).toBeGreaterThan(0)
      expect(second.queries).toBe(first.queries)
    },
  )
})

/** A Service with one version: its Deployment, subset and weighted route, so Istio lists it. */
const extraService = (name: string) =>
  YAML.stringify({
    apiVersion: 'v1',
    kind: 'List',
    items: [
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name, namespace: 'bookinfo', labels: { app: name } },
        spec: { selector: { app: name }, ports: [{ name: 'http', port: 9080 }] },
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: `${name}-v1`, namespace: 'bookinfo' },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: name, version: 'v1' } },
          template: {
            metadata: { labels: { app: name, version: 'v1' } },
            spec: { containers: [{ name, image: `docker.io/meshpane/${name}:v1` }] },
          },
        },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'DestinationRule',
        metadata: { name, namespace: 'bookinfo' },
        spec: { host: name, subsets: [{ name: 'v1', labels: { version: 'v1' } }] },
      },
      {
        apiVersion: 'networking.istio.io/v1',
        kind: 'VirtualService',
        metadata: { name, namespace: 'bookinfo' },
        spec: {
          hosts: [name],
          http: [{ route: [{ destination: { host: name, subset: 'v1' }, weight: 100 }] }],
        },
      },
    ],
  })
