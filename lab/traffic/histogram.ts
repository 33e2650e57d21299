/**
 * Latency histograms kept once, on the union of every mesh's bucket bounds, so each metric writer
 * can re-bucket exactly into its own bounds (every one of its bounds is in the union).
 */
export const ISTIO_BUCKETS_MS = [
  0.5, 1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000, 30000, 60000, 300000, 600000,
  1800000, 3600000,
]
export const LINKERD_BUCKETS_MS = [
  1, 2, 3, 4, 5, 10, 20, 30, 40, 50, 100, 200, 300, 400, 500, 1000, 2000, 3000, 4000, 5000, 10000,
  20000, 30000, 40000, 50000,
]
/** Envoy's default histogram bounds, which Istio's are (Istio's proxy is Envoy). */
export const ENVOY_BUCKETS_MS = ISTIO_BUCKETS_MS

export const UNION_BUCKETS_MS = [...new Set([...ISTIO_BUCKETS_MS, ...LINKERD_BUCKETS_MS])].sort(
  (a, b) => a - b,
)

/** Non-cumulative counts per union bucket (the last slot is above every bound), sum and count. */
export type LatencyStats = { count: number; sumMs: number; buckets: number[] }

export const emptyStats = (): LatencyStats => ({
  count: 0,
  sumMs: 0,
  buckets: new Array(UNION_BUCKETS_MS.length + 1).fill(0),
})

export function observe(stats: LatencyStats, ms: number): void {
  stats.count += 1
  stats.sumMs += ms
  const i = UNION_BUCKETS_MS.findIndex((le) => ms <= le)
  stats.buckets[i === -1 ? UNION_BUCKETS_MS.length : i]! += 1
}

/** Cumulative counts for `bounds` (each must be in the union), then +Inf (= count). */
export function cumulative(stats: LatencyStats, bounds: readonly number[]): number[] {
  let acc = 0
  let u = 0
  const out = bounds.map((le) => {
    while (u < UNION_BUCKETS_MS.length && UNION_BUCKETS_MS[u]! <= le) acc += stats.buckets[u++]!
    return acc
  })
  return [...out, stats.count]
}

/** Adds `b` into `a` (several exchanges collapse into one series when a proxy drops a label). */
export function merge(a: LatencyStats, b: LatencyStats): LatencyStats {
  return {
    count: a.count + b.count,
    sumMs: a.sumMs + b.sumMs,
    buckets: a.buckets.map((v, i) => v + b.buckets[i]!),
  }
}
