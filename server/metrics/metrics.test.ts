import fs from 'node:fs'
import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MeshService } from '@/lib/schemas'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { waitFor } from '@/server/fixtures/poll'
import { adapterFor } from '@/server/adapters/registry'
import { Inventory } from '@/server/inventory'
import { kubeSources } from '@/server/sources/sources'
import { Metrics, type MetricsSettings } from './metrics'
import { PrometheusClient } from './prometheus-client'
import { serviceMetrics, withMetrics } from './service-metrics'
import { testSplits } from '@/server/fixtures/splits'

const SETTINGS: MetricsSettings = { rateWindow: '4s', healthWindow: '30s', cacheMs: 500 }
const RANGE = new URLSearchParams({ range: '1m', step: '1s' })

describe('metrics against the lab and a real Prometheus', () => {
  let lab: LabProcess
  let inventory: Inventory
  let splits: Awaited<ReturnType<typeof testSplits>>
  let metrics: Metrics
  let reviews: MeshService
  const serviceIn = async (cluster: string, kind: string, name: string) => {
    const meshes = await inventory.listMeshes()
    const mesh = meshes.items.find((m) => m.source.name === cluster && m.kind === kind)!
    return (await inventory.listServices(mesh.id)).find((s) => s.name === name)!
  }
  const queryLog = () =>
    fs.existsSync(lab.info.prometheus!.queryLog)
      ? fs.readFileSync(lab.info.prometheus!.queryLog, 'utf8').split('\n').filter(Boolean)
      : []

  beforeAll(async () => {
    // The loop is closed against the real lab, in its own process, and a real Prometheus.
    lab = await startLabProcess({ prometheus: true, scrapeIntervalSeconds: 1, tickMs: 250 })
    inventory = new Inventory(
      kubeSources({ kubeconfig: lab.kubeconfigPath, sourceTimeoutMs: 3000 }),
      3000,
    )
    splits = await testSplits(inventory)
    metrics = new Metrics(new PrometheusClient({ url: lab.info.prometheus!.url }), SETTINGS)
    const meshes = await inventory.listMeshes()
    const mesh = meshes.items.find((m) => m.source.name === 'prod-eu')!
    reviews = (await inventory.listServices(mesh.id)).find((s) => s.name === 'reviews')!
  })
  afterAll(() => lab?.stop())

  it(
    'shows the faulty canary failing, with the reason in figures',
    { timeout: 60_000 },
    async () => {
      // At its 5% the canary sees few requests on a busy machine: give it 30%, as an operator
      // widening a canary would, so the success-rate rule has enough requests to judge.
      await splits.reweigh(reviews.id, { v1: 65, v2: 5, v3: 30 })
      // Its slow tail may fail it first; the success-rate rule needs more requests to judge.
      const answer = await waitFor('reviews v3 failing on its success rate', async () => {
        const m = await serviceMetrics(inventory, metrics, reviews.id, RANGE)
        const v3 = m.health.backends.find((b) => b.name === 'v3')
        const bySuccess = m.health.reasons.some(
          (r) => r.backend === 'v3' && r.rule === 'success-rate' && r.status === 'failing',
        )
        return v3?.status === 'failing' && bySuccess ? m : undefined
      })
      console.log(
        'faulty canary:',
        answer.health.reasons.map((r) => `${r.backend}: ${r.message}`),
      )
      expect(answer.available).toBe(true)
      expect(answer.health.primary).toBe('v1')
      expect(answer.health.status).toBe('failing')
      const reason = answer.health.reasons.find(
        (r) => r.backend === 'v3' && r.rule === 'success-rate',
      )!
      expect(reason.message).toMatch(/^success rate \d+\.\d% vs \d+\.\d% on v1/)
      expect(answer.backends.map((b) => b.name)).toEqual(['v1', 'v2', 'v3'])
    },
  )

  it(
    'follows a 50/50 split set through the kube API within a few scrapes',
    { timeout: 60_000 },
    async () => {
      await splits.reweigh(reviews.id, { v1: 50, v2: 50, v3: 0 })
      const started = Date.now()
      const m = await waitFor('each backend at 50% ± 10', async () => {
        const r = await serviceMetrics(inventory, metrics, reviews.id, RANGE)
        const share = (n: string) => r.backends.find((b) => b.name === n)!.current.share ?? 0
        return Math.abs(share('v1') - 0.5) <= 0.1 &&
          Math.abs(share('v2') - 0.5) <= 0.1 &&
          share('v3') < 0.05
          ? r
          : undefined
      })
      console.log(`50/50 visible in the metrics API after ${Date.now() - started} ms`)
      const v1 = m.backends.find((b) => b.name === 'v1')!
      expect(v1.series.length).toBeGreaterThan(3)
      expect(v1.current.successRate).toBeGreaterThan(0.95)
      expect(v1.current.p99).toBeGreaterThan(0)
    },
  )

  // Linkerd: the callers' proxies report the parent in `authority` and the backend in `dst_service`;
  // GAMMA on Istio: the destination's sidecar, the backend Service's Deployment. SMI (OSM) and
  // Consul: the callers' Envoys, per backend Service cluster and per Consul subset.
  for (const [cluster, kind, name, from, backends] of [
    ['linkerd', 'linkerd', 'voting', [90, 10], ['voting-v1', 'voting-v2']],
    ['mixed', 'gateway-api', 'ratings', [95, 5], ['ratings-v1', 'ratings-v2']],
    ['smi', 'smi', 'cart', [90, 10], ['cart-v1', 'cart-v2']],
    ['consul', 'consul', 'api', [90, 10], ['v1', 'v2']],
  ] as const)
    it(
      `follows a 50/50 split of ${kind} ${name} (was ${from.join('/')}) per backend`,
      { timeout: 60_000 },
      async () => {
        const service = await serviceIn(cluster, kind, name)
        const split = await splits.read(service.id)
        expect(split.backends.map((b) => b.weight)).toEqual(from)
        const [a, b] = split.backends.map((x) => x.name) as [string, string]
        expect([a, b]).toEqual(backends)
        await splits.apply(service.id, {
          revision: split.revision,
          backends: [
            { name: a, weight: 50 },
            { name: b, weight: 50 },
          ],
          force: true, // the scenario marks some of these objects as managed by GitOps
        })
        const started = Date.now()
        const m = await waitFor(`${name}: each backend at 50% ± 10`, async () => {
          const r = await serviceMetrics(inventory, metrics, service.id, RANGE)
          const share = (n: string) => r.backends.find((x) => x.name === n)!.current.share ?? 0
          return Math.abs(share(a) - 0.5) <= 0.1 && Math.abs(share(b) - 0.5) <= 0.1 ? r : undefined
        })
        console.log(`${kind} 50/50 visible in the metrics API after ${Date.now() - started} ms`)
        expect(m.available).toBe(true)
        expect(m.backends.map((x) => x.name)).toEqual([a, b])
        for (const backend of m.backends) {
          expect(backend.series.length).toBeGreaterThan(3)
          expect(backend.current.rps).toBeGreaterThan(0)
          expect(backend.current.successRate).toBeGreaterThan(0.95)
          for (const p of [backend.current.p50, backend.current.p95, backend.current.p99])
            expect(p).toBeGreaterThan(0)
          expect(backend.current.p50!).toBeLessThanOrEqual(backend.current.p99!)
        }
        const listed = await withMetrics(inventory, metrics, service.meshId, [service])
        expect(listed[0]!.metrics!.rps).toBeGreaterThan(0)
        expect(listed[0]!.health!.status).not.toBe('unknown')
      },
    )

  it('asks Prometheus the same few queries for a mesh list, however many services it has', async () => {
    const counts: Record<string, [number, number]> = {}
    // The meshes whose proxies' metrics Meshpane queries.
    const queried = (await inventory.listMeshes()).items.filter(
      (m) => adapterFor(m.kind)?.metricQueries,
    )
    expect([...new Set(queried.map((m) => m.kind))]).toEqual(
      expect.arrayContaining(['istio', 'linkerd', 'gateway-api', 'smi', 'consul']),
    )
    for (const m of queried) {
      const services = await inventory.listServices(m.id)
      const before = queryLog().length
      const fresh = new Metrics(new PrometheusClient({ url: lab.info.prometheus!.url }), SETTINGS)
      const items = await withMetrics(inventory, fresh, m.id, services)
      expect(items.every((s) => s.metrics && s.health)).toBe(true)
      counts[`${m.source.name}/${m.kind}`] = [
        services.length,
        await waitFor('the query log', async () => {
          const n = queryLog().length - before
          return n >= 3 ? n : undefined
        }),
      ]
    }
    console.log('services → Prometheus queries per mesh list:', counts)
    const sizes = new Set(Object.values(counts).map(([services]) => services))
    expect(sizes.size).toBeGreaterThan(1)
    expect(new Set(Object.values(counts).map(([, queries]) => queries))).toEqual(new Set([3]))
  })

  it('says why when Prometheus is down, and the service list still answers', async () => {
    const closed = net.createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as net.AddressInfo).port
    await new Promise((r) => closed.close(r))
    const down = new Metrics(
      new PrometheusClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 1000 }),
      SETTINGS,
    )
    const m = await serviceMetrics(inventory, down, reviews.id, RANGE)
    expect(m.available).toBe(false)
    expect(m.unavailableReason).toMatch(/unreachable: ECONNREFUSED/)
    expect(m.health.status).toBe('unknown')
    expect(m.backends.map((b) => b.name)).toEqual(['v1', 'v2', 'v3'])
    const items = await withMetrics(inventory, down, reviews.meshId, [reviews])
    expect(items).toEqual([reviews])
  })
})
