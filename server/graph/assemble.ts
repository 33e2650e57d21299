import 'server-only'
import type { GraphEdge, GraphFigures, GraphNode, Mesh, MeshService } from '@/lib/schemas'
import type { ServiceSummary } from '@/server/metrics/metrics'
import type { MetricQueries } from '@/server/metrics/queries'
import { figuresKey } from '@/server/metrics/snapshot'
import { callerKey, latencyKey, type Caller, type MeshEdges } from './mesh-edges'

/** One mesh as the graph sees it: its services, and its edges and health when Prometheus had them. */
export type MeshPart = {
  mesh: Mesh
  queries: MetricQueries | null
  services: MeshService[]
  edges: MeshEdges | null
  health: Map<string, ServiceSummary> | null
}

const versionId = (serviceId: string, backend: string) => `${serviceId}~${backend}`
const UNKNOWN_APPS = new Set(['', 'unknown'])

type Sum = { rps: number; ok: number }
const figures = (s: Sum, latency?: { p95: number | null; p99: number | null }): GraphFigures => ({
  rps: s.rps,
  successRate: s.rps > 0 ? Math.min(1, s.ok / s.rps) : null,
  p95: s.rps > 0 ? (latency?.p95 ?? null) : null,
  p99: s.rps > 0 ? (latency?.p99 ?? null) : null,
})
const maxOf = (values: (number | null | undefined)[]) => {
  const v = values.filter((x): x is number => typeof x === 'number')
  return v.length ? Math.max(...v) : null
}

/**
 * The graph of every mesh part: a node per service and per backend, callers matched to the
 * service of their app in their cluster and namespace (any mesh, its own first), else a workload
 * node; callers the metrics cannot name go to their cluster's `unknown` node. A caller's cluster
 * is the one its metrics name when that is a known source, else the answering mesh's. With
 * `namedOnly`, callers that are none of the parts' services are `unknown` too (a person's view).
 */
export function assembleGraph(parts: MeshPart[], sourceNames: Set<string>, namedOnly = false) {
  const nodes = new Map<string, GraphNode>()
  const edges = new Map<string, GraphEdge & { sum: Sum }>()
  const byApp = new Map<string, GraphNode>()
  for (const { mesh, services } of parts)
    for (const s of services) {
      const node: GraphNode = {
        id: s.id,
        kind: 'service',
        name: s.name,
        namespace: s.namespace,
        cluster: mesh.source.name,
        meshKind: mesh.kind,
        meshId: mesh.id,
        serviceId: s.id,
        versions: s.backends.map((b) => b.name),
      }
      nodes.set(node.id, node)
      const appKey = `${mesh.source.name}/${s.namespace}/${s.name}`
      if (!byApp.has(appKey)) byApp.set(appKey, node)
    }

  const callerNode = (mesh: Mesh, c: Caller): GraphNode => {
    const cluster = sourceNames.has(c.cluster) ? c.cluster : mesh.source.name
    const unknown = () => {
      const id = `unknown:${cluster}`
      const node = nodes.get(id) ?? { id, kind: 'unknown', name: 'unknown', namespace: '', cluster }
      nodes.set(id, node)
      return node
    }
    if (UNKNOWN_APPS.has(c.app)) return unknown()
    const found =
      parts
        .find((p) => p.mesh.id === mesh.id)
        ?.services.map((s) => nodes.get(s.id)!)
        .find((n) => n.cluster === cluster && n.namespace === c.namespace && n.name === c.app) ??
      byApp.get(`${cluster}/${c.namespace}/${c.app}`)
    if (found) return found
    if (namedOnly) return unknown()
    const id = `workload:${cluster}/${c.namespace}/${c.app}`
    const node = nodes.get(id) ?? {
      id,
      kind: 'workload' as const,
      name: c.app,
      namespace: c.namespace,
      cluster,
    }
    nodes.set(id, node)
    return node
  }
  const addEdge = (kind: GraphEdge['kind'], from: GraphNode, to: GraphNode, s: Sum) => {
    const id = `${from.id}>${to.id}`
    const e = edges.get(id) ?? {
      id,
      kind,
      source: from.id,
      target: to.id,
      crossCluster: from.cluster !== to.cluster,
      figures: figures({ rps: 0, ok: 0 }),
      sum: { rps: 0, ok: 0 },
    }
    e.sum.rps += s.rps
    e.sum.ok += s.ok
    edges.set(id, e)
    return e
  }

  for (const { mesh, queries: q, services, edges: found, health } of parts) {
    if (!q || !found) continue
    for (const s of services) {
      const node = nodes.get(s.id)!
      const verdict = health?.get(s.id)?.health
      if (verdict) node.health = verdict.status
      const key = figuresKey(q, s)
      const rows = found.rows.filter(
        (r) => r.service === key && s.backends.some((b) => b.name === r.backend),
      )
      const total: Sum = { rps: 0, ok: 0 }
      const versionLatencies: { p95: number | null; p99: number | null }[] = []
      for (const b of s.backends) {
        const own = rows.filter((r) => r.backend === b.name)
        const sum = own.reduce((t, r) => ({ rps: t.rps + r.rps, ok: t.ok + r.ok }), {
          rps: 0,
          ok: 0,
        })
        total.rps += sum.rps
        total.ok += sum.ok
        const latency = found.versionLatency.get(latencyKey(key, b.name))
        if (latency) versionLatencies.push(latency)
        const version: GraphNode = {
          id: versionId(s.id, b.name),
          kind: 'version',
          name: b.name,
          namespace: s.namespace,
          cluster: mesh.source.name,
          meshKind: mesh.kind,
          meshId: mesh.id,
          serviceId: s.id,
          figures: figures(sum, latency),
          ...(verdict && {
            health: verdict.backends.find((v) => v.name === b.name)?.status ?? 'unknown',
          }),
        }
        nodes.set(version.id, version)
        const edge = addEdge('version', node, version, sum)
        edge.figures = figures(sum, latency)
      }
      node.figures = figures(total, {
        p95: maxOf(versionLatencies.map((l) => l.p95)),
        p99: maxOf(versionLatencies.map((l) => l.p99)),
      })
      const byCaller = new Map<string, { caller: Caller; sum: Sum; backends: Set<string> }>()
      for (const r of rows) {
        const k = callerKey(r.caller)
        const c = byCaller.get(k) ?? {
          caller: r.caller,
          sum: { rps: 0, ok: 0 },
          backends: new Set(),
        }
        c.sum.rps += r.rps
        c.sum.ok += r.ok
        c.backends.add(r.backend)
        byCaller.set(k, c)
      }
      for (const [k, c] of byCaller) {
        const latency = q.by.service
          ? found.callLatency.get(latencyKey(k, key, ''))
          : {
              p95: maxOf(
                [...c.backends].map((b) => found.callLatency.get(latencyKey(k, key, b))?.p95),
              ),
              p99: maxOf(
                [...c.backends].map((b) => found.callLatency.get(latencyKey(k, key, b))?.p99),
              ),
            }
        const edge = addEdge('call', callerNode(mesh, c.caller), node, c.sum)
        edge.figures = figures(edge.sum, latency)
      }
    }
  }
  return {
    nodes: [...nodes.values()],
    edges: [...edges.values()].map(({ sum: _sum, ...e }) => e),
  }
}
