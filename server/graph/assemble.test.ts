import { describe, expect, it } from 'vitest'
import type { Mesh, MeshService } from '@/lib/schemas'
import { istioQueries } from '@/server/adapters/istio/promql'
import { assembleGraph } from './assemble'
import type { EdgeRow, MeshEdges } from './mesh-edges'

const mesh = (cluster: string): Mesh => ({
  id: `istio-${cluster}`,
  kind: 'istio',
  name: 'istio',
  version: '1.24.2',
  source: { id: cluster, name: cluster, kind: 'kubernetes' },
  mtls: 'unknown',
})
const service = (cluster: string, name: string, backends: string[]): MeshService =>
  ({
    id: `${cluster}-${name}`,
    meshId: `istio-${cluster}`,
    name,
    namespace: 'shop',
    backends: backends.map((b) => ({ name: b, weight: 100, readyReplicas: 1, replicas: 1 })),
    revision: '1',
    routing: [],
  }) as unknown as MeshService
const row = (app: string, cluster: string, backend: string, rps: number, ok = rps): EdgeRow => ({
  caller: {
    app,
    namespace: app === 'unknown' ? 'unknown' : 'shop',
    cluster,
    destinationCluster: 'eu',
  },
  service: 'shop/cart',
  backend,
  rps,
  ok,
})

describe('assembleGraph', () => {
  const eu = mesh('eu')
  const us = mesh('us')
  const edges: MeshEdges = {
    rows: [
      row('front', 'us', 'v1', 10),
      row('unknown', 'unknown', 'v1', 5),
      row('batch', 'eu', 'v2', 4, 3),
    ],
    callLatency: new Map(),
    versionLatency: new Map([['shop/cart|v2', { p95: 40, p99: 90 }]]),
  }
  const parts = (): Parameters<typeof assembleGraph>[0] => [
    {
      mesh: eu,
      queries: istioQueries(eu),
      services: [service('eu', 'cart', ['v1', 'v2'])],
      edges,
      health: null,
    },
    {
      mesh: us,
      queries: istioQueries(us),
      services: [service('us', 'front', ['v1'])],
      edges: null,
      health: null,
    },
  ]
  const graph = assembleGraph(parts(), new Set(['eu', 'us']))
  const edge = (source: string, target: string) =>
    graph.edges.find((e) => e.source === source && e.target === target)

  it("draws a call from another cluster as a cross-cluster edge from that cluster's service", () => {
    expect(edge('us-front', 'eu-cart')).toMatchObject({ kind: 'call', crossCluster: true })
    expect(edge('us-front', 'eu-cart')!.figures.rps).toBe(10)
  })

  it("files callers the metrics cannot name under their cluster's unknown node, others as workloads", () => {
    expect(edge('unknown:eu', 'eu-cart')!.figures.rps).toBe(5)
    expect(graph.nodes.find((n) => n.id === 'workload:eu/shop/batch')).toMatchObject({
      kind: 'workload',
      name: 'batch',
    })
  })

  it("in a person's view, never names a caller that is none of their services", () => {
    const theirs = assembleGraph(parts(), new Set(['eu', 'us']), true)
    expect(theirs.nodes.some((n) => n.kind === 'workload' || n.name === 'batch')).toBe(false)
    const unknown = theirs.edges.find((e) => e.source === 'unknown:eu' && e.target === 'eu-cart')
    expect(unknown!.figures.rps).toBe(9) // the unnamed caller's 5 and batch's 4
  })

  it('splits a service into its versions with their own figures', () => {
    expect(edge('eu-cart', 'eu-cart~v2')!.figures).toEqual({
      rps: 4,
      successRate: 0.75,
      p95: 40,
      p99: 90,
    })
    expect(graph.nodes.find((n) => n.id === 'eu-cart')!.figures!.rps).toBe(19)
  })
})
