'use client'

import { BackendChart, type ChartLine, type ChartMarker } from './BackendChart'
import { chartRows, type ChartRow } from './chart-data'
import { backendColor } from '@/components/ui/tones'
import type { BackendMetrics } from '@/lib/schemas'
import { formatMs, formatRps } from '@/lib/metrics-format'

const percent = (v: number) => `${Number.isInteger(v) ? v : v.toFixed(1)}%`
const percentiles: { key: 'p50' | 'p95' | 'p99'; dash?: string }[] = [
  { key: 'p50', dash: '2 3' },
  { key: 'p95', dash: '6 3' },
  { key: 'p99' },
]

/** The success axis starts at the ten below the lowest point, so 99.9% and 92% stay apart. */
function successFloor(rows: ChartRow[]): number {
  const lowest = Math.min(
    100,
    ...rows.flatMap((row) =>
      Object.entries(row).flatMap(([key, v]) => (key !== 't' && v !== null ? [v] : [])),
    ),
  )
  return Math.floor(lowest / 10) * 10
}

/**
 * Requests/s, success % and p99 with a line per backend in its split colour, then one latency
 * chart per backend with its p50 (dotted), p95 (dashed) and p99 (solid).
 */
export function MetricsCharts({
  backends,
  colorIndex,
  markers,
}: {
  backends: readonly BackendMetrics[]
  colorIndex: (name: string) => number
  markers: ChartMarker[]
}) {
  const lines: ChartLine[] = backends.map((b) => ({
    key: b.name,
    color: backendColor(colorIndex(b.name)),
  }))
  const success = chartRows(backends, 'successRate')
  const served = backends.filter((b) => b.series.some((p) => p.p99 !== null))
  return (
    <div className="space-y-4">
      <div className="grid gap-4 lg:grid-cols-3">
        <BackendChart
          title="Requests per second"
          rows={chartRows(backends, 'rps')}
          lines={lines}
          format={formatRps}
          markers={markers}
        />
        <BackendChart
          title="Success rate"
          rows={success}
          lines={lines}
          format={percent}
          domain={[successFloor(success), 100]}
          markers={markers}
        />
        <BackendChart
          title="Latency p99"
          rows={chartRows(backends, 'p99')}
          lines={lines}
          format={(v) => formatMs(v)}
          markers={markers}
        />
      </div>
      {served.length > 0 && (
        <div className="grid gap-4 lg:grid-cols-3">
          {served.map((b) => (
            <BackendChart
              key={b.name}
              title={`Latency percentiles of ${b.name}`}
              rows={b.series.map((p) => ({ t: p.t, p50: p.p50, p95: p.p95, p99: p.p99 }))}
              lines={percentiles.map((p) => ({
                key: p.key,
                dash: p.dash,
                color: backendColor(colorIndex(b.name)),
              }))}
              format={(v) => formatMs(v)}
              markers={markers}
            />
          ))}
        </div>
      )}
    </div>
  )
}
