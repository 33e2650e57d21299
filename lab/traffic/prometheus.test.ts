import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findByKind } from '../kube/resources'
import { Store } from '../kube/store'
import type { KubeObject } from '../kube/types'
import { eventually } from '../test-client'
import { startPrometheus, type Prometheus } from './prometheus'
import { startTraffic, type Traffic } from './server'

const type = (apiVersion: string, kind: string) => findByKind(apiVersion, kind)!
const ns = 'shop'

function world(): Store {
  const store = new Store()
  const add = (
    apiVersion: string,
    kind: string,
    obj: Pick<KubeObject, 'metadata' | 'spec' | 'status'>,
  ) => store.create(type(apiVersion, kind), { ...obj, apiVersion, kind })
  add('v1', 'Namespace', { metadata: { name: ns } })
  for (const app of ['productpage', 'reviews'])
    add('v1', 'Service', {
      metadata: { name: app, namespace: ns },
      spec: { selector: { app }, ports: [{ port: 9080 }] },
    })
  for (const [app, version] of [
    ['productpage', 'v1'],
    ['reviews', 'v1'],
    ['reviews', 'v2'],
  ] as const)
    add('v1', 'Pod', {
      metadata: { name: `${app}-${version}-abc12`, namespace: ns, labels: { app, version } },
      status: { phase: 'Running' },
    })
  add('networking.istio.io/v1', 'DestinationRule', {
    metadata: { name: 'reviews', namespace: ns },
    spec: {
      host: 'reviews',
      subsets: [
        { name: 'v1', labels: { version: 'v1' } },
        { name: 'v2', labels: { version: 'v2' } },
      ],
    },
  })
  add('networking.istio.io/v1', 'VirtualService', {
    metadata: { name: 'reviews', namespace: ns },
    spec: {
      hosts: ['reviews'],
      http: [
        {
          route: [
            { destination: { host: 'reviews', subset: 'v1' }, weight: 100 },
            { destination: { host: 'reviews', subset: 'v2' }, weight: 0 },
          ],
        },
      ],
    },
  })
  return store
}

async function query(prom: Prometheus, q: string) {
  const res = await fetch(`${prom.url}/api/v1/query?query=${encodeURIComponent(q)}`)
  const body = (await res.json()) as {
    data: { result: { metric: Record<string, string>; value: [number, string] }[] }
  }
  return body.data.result
}

describe('traffic scraped by a real Prometheus', () => {
  const store = world()
  let traffic: Traffic
  let prom: Prometheus
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-prom-'))

  beforeAll(async () => {
    traffic = await startTraffic({
      clusters: [{ name: 'c1', store, proxy: 'istio' }],
      tickMs: 200,
      hints: { caller: (_c, _n, s) => (s === 'reviews' ? 'productpage' : undefined) },
    })
    prom = await startPrometheus({
      dir,
      sdUrls: { c1: traffic.sdUrl('c1') },
      scrapeIntervalSeconds: 1,
    })
  })
  afterAll(async () => {
    await prom?.stop()
    await traffic?.stop()
    fs.rmSync(dir, { recursive: true, force: true })
  })

  it('follows the routing in the store within a few scrapes', async () => {
    const up = await eventually(async () => {
      const r = await query(prom, 'up{job="kubernetes-pods"}')
      if (r.length !== 3 || r.some((s) => s.value[1] !== '1'))
        throw new Error('not every pod scraped')
      return r
    }, 30_000)
    expect(up.map((s) => s.metric.pod).sort()).toEqual([
      'productpage-v1-abc12',
      'reviews-v1-abc12',
      'reviews-v2-abc12',
    ])
    expect(up[0]!.metric).toMatchObject({ cluster: 'c1', namespace: ns })

    const vsType = type('networking.istio.io/v1', 'VirtualService')
    const vs = store.get(vsType, ns, 'reviews')!
    const route = (vs.spec as { http: { route: { weight: number }[] }[] }).http[0]!.route
    route[0]!.weight = 50
    route[1]!.weight = 50
    store.update(vsType, vs)

    const q =
      'sum by (destination_version) (increase(istio_requests_total{reporter="destination",destination_service_name="reviews"}[3s]))'
    await eventually(async () => {
      const r = await query(prom, q)
      const v2 = Number(r.find((s) => s.metric.destination_version === 'v2')?.value[1] ?? 0)
      const total = r.reduce((s, x) => s + Number(x.value[1]), 0)
      if (!(total > 0 && Math.abs(v2 / total - 0.5) <= 0.1))
        throw new Error(`no 50/50 split in Prometheus yet: v2 ${v2} of ${total}`)
      return true
    }, 30_000)
    const edges = await query(
      prom,
      'sum by (source_workload, destination_workload) (istio_requests_total{reporter="source"})',
    )
    expect(
      edges.map((e) => `${e.metric.source_workload}->${e.metric.destination_workload}`),
    ).toContain('productpage->reviews-v2')
  })
})
