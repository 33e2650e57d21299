import type { GraphEdge, GraphNode, HealthStatus, MeshKind, ServiceGraph } from '@/lib/schemas'

/** What the page's filters keep; empty lists keep everything. */
export type GraphFilters = {
  clusters: string[]
  meshes: MeshKind[]
  namespaces: string[]
  health: HealthStatus[]
  /** Requests per second an edge needs to be drawn. */
  minRps: number
}

export const NO_FILTERS: GraphFilters = {
  clusters: [],
  meshes: [],
  namespaces: [],
  health: [],
  minRps: 0,
}

const keeps = <T>(list: T[], value: T | undefined) =>
  list.length === 0 || (value !== undefined && list.includes(value))

/**
 * The part of the graph the filters keep. Cluster and namespace keep nodes by where they run;
 * mesh and health judge services and versions, and keep a caller (workload, unknown) while it
 * still calls a kept node. Edges under `minRps` go, and with them nodes left with no edge and
 * no traffic of their own above it.
 */
export function visibleGraph(graph: ServiceGraph, f: GraphFilters) {
  const judged = (n: GraphNode) => n.kind === 'service' || n.kind === 'version'
  const placed = graph.nodes.filter(
    (n) =>
      keeps(f.clusters, n.cluster) && (n.kind === 'unknown' || keeps(f.namespaces, n.namespace)),
  )
  const own = new Set(
    placed
      .filter(
        (n) =>
          !judged(n) || (keeps(f.meshes, n.meshKind) && keeps(f.health, n.health ?? 'unknown')),
      )
      .map((n) => n.id),
  )
  const edges = graph.edges.filter(
    (e) => own.has(e.source) && own.has(e.target) && e.figures.rps >= f.minRps,
  )
  const linked = new Set(edges.flatMap((e) => [e.source, e.target]))
  const byId = new Map(graph.nodes.map((n) => [n.id, n]))
  const nodes = [...own]
    .map((id) => byId.get(id)!)
    .filter((n) =>
      judged(n) ? linked.has(n.id) || (n.figures?.rps ?? 0) >= f.minRps : linked.has(n.id),
    )
  const kept = new Set(nodes.map((n) => n.id))
  return { nodes, edges: edges.filter((e) => kept.has(e.source) && kept.has(e.target)) }
}

/** The choices each filter offers, from the whole graph. */
export function filterChoices(graph: ServiceGraph) {
  const sorted = (values: (string | undefined)[]) =>
    [...new Set(values.filter((v): v is string => !!v))].sort()
  return {
    clusters: sorted(graph.nodes.map((n) => n.cluster)),
    meshes: sorted(graph.nodes.map((n) => n.meshKind)) as MeshKind[],
    namespaces: sorted(graph.nodes.map((n) => n.namespace)),
  }
}

export const HEALTH_COLOURS: Record<HealthStatus | 'none', string> = {
  healthy: '#16a34a',
  degraded: '#d97706',
  failing: '#dc2626',
  unknown: '#64748b',
  none: '#94a3b8',
}

/** A node's colour: its health, callers without one in grey. */
export const nodeColour = (n: GraphNode) =>
  n.kind === 'unknown' ? '#475569' : HEALTH_COLOURS[n.health ?? 'none']

/** Errors are what an operator looks for first: red past 5%, amber past 1%. */
export function edgeColour(e: GraphEdge) {
  const errors = e.figures.successRate === null ? 0 : 1 - e.figures.successRate
  if (errors > 0.05) return '#dc2626'
  if (errors > 0.01) return '#d97706'
  return e.kind === 'version' ? '#cbd5e1' : '#94a3b8'
}

/** Thickness grows with the log of the rate, so one busy edge does not hide the rest. */
export const edgeSize = (e: GraphEdge) => 1 + Math.log10(1 + e.figures.rps) * 1.5

export const nodeSize = (n: GraphNode) =>
  (n.kind === 'version' ? 3 : 5) + Math.log10(1 + (n.figures?.rps ?? 0)) * 2

export const nodeLabel = (n: GraphNode) =>
  n.kind === 'unknown' ? `unknown (${n.cluster})` : n.name

/** In lists, a version says whose it is: `reviews v3`. */
export const fullLabel = (n: GraphNode, byId: Map<string, GraphNode>) =>
  n.kind === 'version' && n.serviceId
    ? `${byId.get(n.serviceId)?.name ?? ''} ${n.name}`.trim()
    : nodeLabel(n)

const hash = (s: string) => {
  let h = 2166136261
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619)
  return (h >>> 0) / 4294967296
}

/**
 * Where a node starts before the layout has run: its cluster and namespace's corner of a grid
 * (so groups stay apart), at a place fixed by its id (so a refresh draws it where it was).
 */
export function seedPosition(n: GraphNode, groups: string[]) {
  const index = Math.max(0, groups.indexOf(`${n.cluster}/${n.namespace}`))
  const columns = Math.ceil(Math.sqrt(groups.length))
  const cx = (index % columns) * 100
  const cy = Math.floor(index / columns) * 100
  const angle = hash(n.id) * 2 * Math.PI
  const r = 10 + hash(`${n.id}#r`) * 30
  return { x: cx + Math.cos(angle) * r, y: cy + Math.sin(angle) * r }
}

export const groupsOf = (nodes: GraphNode[]) =>
  [...new Set(nodes.map((n) => `${n.cluster}/${n.namespace}`))].sort()

/** `12.3/s`, `99.1%`, `45 ms`; a dash where there is no figure. */
export const formatRps = (v: number) => `${v >= 10 ? v.toFixed(0) : v.toFixed(1)}/s`
export const formatRate = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`)
export const formatMs = (v: number | null) => (v === null ? '—' : `${v.toFixed(0)} ms`)

/** Nodes whose name, namespace or cluster holds the search text (case-insensitive). */
export const matchesSearch = (n: GraphNode, search: string) => {
  const s = search.trim().toLowerCase()
  return !!s && [n.name, n.namespace, n.cluster].some((v) => v.toLowerCase().includes(s))
}
