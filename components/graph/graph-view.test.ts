import { describe, expect, it } from 'vitest'
import type { GraphEdge, GraphNode, ServiceGraph } from '@/lib/schemas'
import { edgeColour, NO_FILTERS, seedPosition, visibleGraph } from './graph-view'

const figures = (rps: number, successRate = 1) => ({ rps, successRate, p95: 10, p99: 20 })
const node = (id: string, over: Partial<GraphNode> = {}): GraphNode => ({
  id,
  kind: 'service',
  name: id,
  namespace: 'shop',
  cluster: 'eu',
  meshKind: 'istio',
  health: 'healthy',
  figures: figures(10),
  ...over,
})
const edge = (source: string, target: string, rps = 10, successRate = 1): GraphEdge => ({
  id: `${source}>${target}`,
  kind: 'call',
  source,
  target,
  figures: figures(rps, successRate),
  crossCluster: false,
})
const graph: ServiceGraph = {
  window: '1m',
  nodes: [
    node('unknown:eu', { kind: 'unknown', namespace: '', meshKind: undefined, health: undefined }),
    node('front'),
    node('cart', { health: 'failing' }),
    node('us-api', { cluster: 'us' }),
    node('batch', { kind: 'workload', meshKind: undefined, health: undefined }),
  ],
  edges: [
    edge('unknown:eu', 'front', 50),
    edge('front', 'cart', 20, 0.9),
    edge('batch', 'cart', 0.5),
    edge('front', 'us-api', 5),
  ],
  errors: [],
  metricsAvailable: true,
}
const ids = (v: { nodes: GraphNode[] }) => v.nodes.map((n) => n.id).sort()

describe('visibleGraph', () => {
  it('keeps everything without filters', () => {
    expect(ids(visibleGraph(graph, NO_FILTERS))).toEqual(graph.nodes.map((n) => n.id).sort())
  })

  it('keeps only the nodes of the clusters picked, and the edges between them', () => {
    const v = visibleGraph(graph, { ...NO_FILTERS, clusters: ['us'] })
    expect(ids(v)).toEqual(['us-api'])
    expect(v.edges).toEqual([])
  })

  it('judges health on services; a caller stays while it calls a kept node', () => {
    const v = visibleGraph(graph, { ...NO_FILTERS, health: ['failing'] })
    expect(ids(v)).toEqual(['batch', 'cart'])
  })

  it('drops edges under the minimum rate, and callers left without one', () => {
    const v = visibleGraph(graph, { ...NO_FILTERS, minRps: 1 })
    expect(v.edges.map((e) => e.id)).not.toContain('batch>cart')
    expect(ids(v)).not.toContain('batch')
    expect(ids(v)).toContain('cart')
  })
})

describe('appearance', () => {
  it('colours edges by their errors', () => {
    expect(edgeColour(edge('a', 'b', 1, 0.9))).toBe('#dc2626')
    expect(edgeColour(edge('a', 'b', 1, 0.97))).toBe('#d97706')
    expect(edgeColour(edge('a', 'b', 1, 1))).not.toMatch(/dc2626|d97706/)
  })

  it('seeds a node at the same place on every refresh, within its group', () => {
    const groups = ['eu/shop', 'us/shop']
    expect(seedPosition(node('cart'), groups)).toEqual(seedPosition(node('cart'), groups))
    const us = seedPosition(node('us-api', { cluster: 'us' }), groups)
    expect(Math.hypot(us.x - 100, us.y)).toBeLessThan(41)
  })
})
