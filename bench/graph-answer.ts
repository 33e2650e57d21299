// The graph API's answer for the generated scale scenario (lab/graph-scale.ts): its declared call
// graph as nodes and edges, with figures drawn from a seeded generator. The bench draws it; what is
// measured is the drawing, so the figures only need to vary as real ones do.
import { graphScale } from '@/lab/graph-scale'
import { seededRandom } from '@/lab/traffic/behaviour'
import type { GraphEdge, GraphFigures, GraphNode, ServiceGraph } from '@/lib/schemas'

export function scaleGraphAnswer(services = 1000, calls = 3000): ServiceGraph {
  const random = seededRandom(3)
  const figures = (): GraphFigures => {
    const rps = 0.5 + random() * 80
    return {
      rps,
      successRate: random() < 0.05 ? 0.9 : 0.995,
      p95: 20 + random() * 200,
      p99: 40 + random() * 600,
    }
  }
  const nodes: GraphNode[] = []
  const edges: GraphEdge[] = []
  const id = (cluster: string, namespace: string, name: string) => `${cluster}/${namespace}/${name}`
  for (const c of graphScale(services, calls)) {
    const unknown = `unknown:${c.name}`
    nodes.push({ id: unknown, kind: 'unknown', name: 'unknown', namespace: '', cluster: c.name })
    for (const s of c.services) {
      const sid = id(c.name, s.namespace, s.name)
      const health = random() < 0.05 ? 'failing' : 'healthy'
      nodes.push({
        id: sid,
        kind: 'service',
        name: s.name,
        namespace: s.namespace,
        cluster: c.name,
        meshKind: 'istio',
        serviceId: sid,
        versions: s.versions,
        figures: figures(),
        health,
      })
      for (const v of s.versions) {
        nodes.push({
          id: `${sid}~${v}`,
          kind: 'version',
          name: v,
          namespace: s.namespace,
          cluster: c.name,
          meshKind: 'istio',
          serviceId: sid,
          figures: figures(),
          health,
        })
        edges.push({
          id: `${sid}>${sid}~${v}`,
          kind: 'version',
          source: sid,
          target: `${sid}~${v}`,
          figures: figures(),
          crossCluster: false,
        })
      }
      for (const caller of s.caller ?? [unknown]) {
        const from = caller === unknown ? unknown : id(c.name, s.namespace, caller)
        edges.push({
          id: `${from}>${sid}`,
          kind: 'call',
          source: from,
          target: sid,
          figures: figures(),
          crossCluster: false,
        })
      }
    }
  }
  return { window: '1m', nodes, edges, errors: [], metricsAvailable: true }
}
