import type { BackendMetrics, MetricPoint } from '@/lib/schemas'

type SeriesKey = Exclude<keyof MetricPoint, 't'>

/** One row per timestamp with each backend's value under its name, the shape recharts plots. */
export type ChartRow = { t: number } & Record<string, number | null>

/** Merges the backends' series on their timestamps (Prometheus range queries share the steps). */
export function chartRows(backends: readonly BackendMetrics[], key: SeriesKey): ChartRow[] {
  const rows = new Map<number, ChartRow>()
  for (const b of backends)
    for (const p of b.series) {
      const row = rows.get(p.t) ?? { t: p.t }
      const value = p[key]
      row[b.name] = key === 'successRate' && value !== null ? value * 100 : value
      rows.set(p.t, row)
    }
  return [...rows.values()].sort((a, b) => a.t - b.t)
}

/** Whether nothing was requested in the whole window (a fresh service, or a quiet one). */
export const noTraffic = (backends: readonly BackendMetrics[]) =>
  backends.every((b) => b.current.rps === 0 && b.series.every((p) => p.rps === 0))
