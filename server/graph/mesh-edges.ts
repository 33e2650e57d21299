import 'server-only'
import type { VectorSample } from '@/server/metrics/prometheus-client'
import type { MetricQueries } from '@/server/metrics/queries'
import { finite, serviceKey } from '@/server/metrics/snapshot'

/** Who made a group of requests, as the mesh's metrics name it ('' where they do not). */
export type Caller = { app: string; namespace: string; cluster: string; destinationCluster: string }

/** One caller's requests to one backend of a service (filed as the mesh files its figures). */
export type EdgeRow = {
  caller: Caller
  /** `namespace/service`, or `namespace/` for meshes that count per backend only (snapshot.ts). */
  service: string
  backend: string
  rps: number
  ok: number
}

/** A mesh's requests per caller and backend, and the latencies of its call and version edges. */
export type MeshEdges = {
  rows: EdgeRow[]
  /** Per caller (`callerKey`) and service, or per caller and backend where no service is counted. */
  callLatency: Map<string, { p95: number | null; p99: number | null }>
  /** Per service and backend. */
  versionLatency: Map<string, { p95: number | null; p99: number | null }>
}

export type RunQuery = (promql: string) => Promise<VectorSample[]>

export const callerKey = (c: Caller) => [c.cluster, c.namespace, c.app].join('/')
export const latencyKey = (...parts: string[]) => parts.join('|')

/**
 * Six mesh-wide queries, whatever the number of services: requests and successes per caller and
 * backend, p95 and p99 per caller and service (the call edges), per service and backend (the
 * version edges). Quantiles cannot be summed, so each edge's latency has a query of its own grouping.
 */
export async function meshEdges(
  q: MetricQueries,
  window: string,
  run: RunQuery,
): Promise<MeshEdges> {
  const callerLabels = q.callers
    ? [q.callers.app, q.callers.namespace, q.callers.cluster, q.callers.destinationCluster].filter(
        (l): l is string => !!l,
      )
    : []
  const own = [q.by.namespace, q.by.service, q.by.backend].filter((l): l is string => !!l)
  const byCaller = [...new Set([...callerLabels, ...own])]
  // A call edge ends at the service; where only backends are counted, at each backend (the slowest wins).
  const callGroups = [...new Set([...callerLabels, q.by.namespace, q.by.service ?? q.by.backend])]
  const [requests, successes, call95, call99, version95, version99] = await Promise.all([
    run(q.requests(window, undefined, byCaller)),
    run(q.successes(window, undefined, byCaller)),
    run(q.latency(0.95, window, undefined, callGroups)),
    run(q.latency(0.99, window, undefined, callGroups)),
    run(q.latency(0.95, window)),
    run(q.latency(0.99, window)),
  ])
  const callerOf = (m: Record<string, string>): Caller => ({
    app: (q.callers && m[q.callers.app]) || '',
    namespace: (q.callers && m[q.callers.namespace]) || '',
    cluster: (q.callers?.cluster && m[q.callers.cluster]) || '',
    destinationCluster: (q.callers?.destinationCluster && m[q.callers.destinationCluster]) || '',
  })
  const serviceOf = (m: Record<string, string>) =>
    serviceKey(m[q.by.namespace] ?? '', q.by.service ? (m[q.by.service] ?? '') : '')
  const rowKey = (m: Record<string, string>) =>
    latencyKey(
      callerKey(callerOf(m)),
      callerOf(m).destinationCluster,
      serviceOf(m),
      m[q.by.backend] ?? '',
    )
  const ok = new Map(successes.map((s) => [rowKey(s.metric), finite(s.value) ?? 0]))
  const rows: EdgeRow[] = requests.map((s) => ({
    caller: callerOf(s.metric),
    service: serviceOf(s.metric),
    backend: s.metric[q.by.backend] ?? '',
    rps: finite(s.value) ?? 0,
    ok: ok.get(rowKey(s.metric)) ?? 0,
  }))
  const latencies = (
    p95: VectorSample[],
    p99: VectorSample[],
    key: (m: Record<string, string>) => string,
  ) => {
    const out = new Map<string, { p95: number | null; p99: number | null }>()
    const at = (k: string) => out.get(k) ?? out.set(k, { p95: null, p99: null }).get(k)!
    for (const s of p95) at(key(s.metric)).p95 = finite(s.value)
    for (const s of p99) at(key(s.metric)).p99 = finite(s.value)
    return out
  }
  return {
    rows,
    callLatency: latencies(call95, call99, (m) =>
      latencyKey(callerKey(callerOf(m)), serviceOf(m), q.by.service ? '' : (m[q.by.backend] ?? '')),
    ),
    versionLatency: latencies(version95, version99, (m) =>
      latencyKey(serviceOf(m), m[q.by.backend] ?? ''),
    ),
  }
}
