import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { MeshService } from '@/lib/schemas'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { waitFor } from '@/server/fixtures/poll'
import { loadConfig } from '@/server/config/config'
import { Inventory } from '@/server/inventory'
import { Metrics, type MetricsSettings } from '@/server/metrics/metrics'
import { PrometheusClient } from '@/server/metrics/prometheus-client'
import { serviceMetrics, withMetrics } from '@/server/metrics/service-metrics'
import { awsSources } from '@/server/sources/aws'
import { testSplits } from '@/server/fixtures/splits'

const SETTINGS: MetricsSettings = { rateWindow: '4s', healthWindow: '30s', cacheMs: 500 }
const RANGE = new URLSearchParams({ range: '1m', step: '1s' })

describe('App Mesh golden metrics against the lab and a real Prometheus', () => {
  let lab: LabProcess
  let inventory: Inventory
  let splits: Awaited<ReturnType<typeof testSplits>>
  let metrics: Metrics
  let ledger: MeshService
  const shares = async () => {
    const m = await serviceMetrics(inventory, metrics, ledger.id, RANGE)
    return { m, share: (n: string) => m.backends.find((b) => b.name === n)?.current.share ?? 0 }
  }

  beforeAll(async () => {
    // The loop is closed against the real lab, in its own process, and a real Prometheus.
    lab = await startLabProcess({ prometheus: true, scrapeIntervalSeconds: 1, tickMs: 250 })
    // Meshpane as a user runs it: the config the lab wrote, its AWS sources and its Prometheus.
    const config = loadConfig({ MESHPANE_CONFIG: lab.configPath })
    inventory = new Inventory(awsSources(config.aws), 5000)
    splits = await testSplits(inventory)
    metrics = new Metrics(new PrometheusClient({ url: config.prometheus!.url }), SETTINGS)
    const mesh = (await inventory.listMeshes()).items.find(
      (m) => m.source.name === 'payments/eu-west-1' && m.name === 'payments',
    )!
    ledger = (await inventory.listServices(mesh.id)).find(
      (s) => s.name === 'ledger.payments.local',
    )!
  })
  afterAll(() => lab?.stop())

  it(
    "shows each virtual node's share of the route and the failing canary node",
    { timeout: 60_000 },
    async () => {
      const { m } = await waitFor('ledger at 90/10 ± 10 with ledger-v2 failing', async () => {
        const r = await shares()
        const v2 = r.m.health.backends.find((b) => b.name === 'ledger-v2')
        return Math.abs(r.share('ledger-v1') - 0.9) <= 0.1 && v2?.status === 'failing'
          ? r
          : undefined
      })
      expect(m.available).toBe(true)
      expect(m.backends.map((b) => b.name)).toEqual(['ledger-v1', 'ledger-v2'])
      const v1 = m.backends.find((b) => b.name === 'ledger-v1')!
      expect(v1.current.successRate).toBeGreaterThan(0.95)
      expect(v1.current.p99).toBeGreaterThan(0)
      expect(m.health.primary).toBe('ledger-v1')
    },
  )

  it(
    'follows a 50/50 split written with UpdateRoute within a few scrapes',
    { timeout: 60_000 },
    async () => {
      await splits.reweigh(ledger.id, { 'ledger-v1': 50, 'ledger-v2': 50 })
      const started = Date.now()
      const { m } = await waitFor('each virtual node at 50% ± 10', async () => {
        const r = await shares()
        return Math.abs(r.share('ledger-v1') - 0.5) <= 0.1 &&
          Math.abs(r.share('ledger-v2') - 0.5) <= 0.1
          ? r
          : undefined
      })
      console.log(`App Mesh 50/50 visible in the metrics API after ${Date.now() - started} ms`)
      expect(m.backends.find((b) => b.name === 'ledger-v1')!.series.length).toBeGreaterThan(3)
    },
  )

  it("gives every service of a mesh list its virtual nodes' figures", async () => {
    const mesh = (await inventory.listMeshes()).items.find(
      (m) => m.source.name === 'payments/eu-west-1' && m.name === 'payments',
    )!
    const items = await waitFor('figures for every service', async () => {
      const services = await inventory.listServices(mesh.id)
      const listed = await withMetrics(inventory, metrics, mesh.id, services)
      return listed.every((s) => (s.metrics?.rps ?? 0) > 0) ? listed : undefined
    })
    expect(items.map((s) => s.name).sort()).toEqual([
      'fraud.payments.local',
      'ledger.payments.local',
    ])
  })
})
