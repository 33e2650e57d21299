import 'server-only'
import type { MatrixSeries, VectorSample } from './prometheus-client'
import type { MetricQueries } from './queries'

/** Per service (`namespace/name`), per backend: one figure. */
export type ByBackend<T> = Map<string, Map<string, T>>

export const serviceKey = (namespace: string, name: string) => `${namespace}/${name}`

/** Where a service's figures are filed: under its name, or under its namespace alone (no `by.service`). */
export const figuresKey = (q: MetricQueries, service: { namespace: string; name: string }) =>
  serviceKey(service.namespace, q.by.service ? service.name : '')

/** Files a grouped query result under service and backend, by the adapter's label names. */
export function byBackend<T extends VectorSample | MatrixSeries>(
  q: MetricQueries,
  result: T[],
): ByBackend<T> {
  const out: ByBackend<T> = new Map()
  for (const s of result) {
    const service = q.by.service ? (s.metric[q.by.service] ?? '') : ''
    const key = serviceKey(s.metric[q.by.namespace] ?? '', service)
    const backend = s.metric[q.by.backend] ?? ''
    if (!out.has(key)) out.set(key, new Map())
    out.get(key)!.set(backend, s)
  }
  return out
}

/** PromQL gives NaN for 0/0 and for quantiles of empty histograms: that is "no data". */
export const finite = (v: number | undefined): number | null =>
  v === undefined || !Number.isFinite(v) ? null : v
