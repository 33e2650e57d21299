'use client'

import { useState } from 'react'
import { CanaryPanel } from './CanaryPanel'
import { noTraffic } from './chart-data'
import { CurrentMetricsTable } from './CurrentMetricsTable'
import { MetricsCharts } from './MetricsCharts'
import { useChangeMarkers, useServiceMetrics } from './queries'
import { RangePicker } from './RangePicker'
import { METRIC_RANGES, type MetricRange } from './ranges'
import { EmptyState } from '@/components/ui/EmptyState'
import { ErrorState } from '@/components/ui/ErrorState'
import { Section } from '@/components/ui/PageHeader'
import { Skeleton, SkeletonRows } from '@/components/ui/Skeleton'
import { Warning } from '@/components/ui/Warning'

/**
 * The service page's canary verdict and golden metrics, from one query. Metrics never take the
 * page down: while loading they are skeletons, and when Prometheus cannot answer they say why.
 * `backendNames` is the service's backend order, so colours match the split editor's.
 */
export function ServiceMetricsSections({
  serviceId,
  backendNames,
}: {
  serviceId: string
  backendNames: readonly string[]
}) {
  const [range, setRange] = useState<MetricRange>(METRIC_RANGES[0])
  const { data, error, isPending, refetch } = useServiceMetrics(serviceId, range)
  const markers = useChangeMarkers(serviceId, range)
  const colorIndex = (name: string) => {
    const i = backendNames.indexOf(name)
    return i >= 0
      ? i
      : backendNames.length + (data?.backends.findIndex((b) => b.name === name) ?? 0)
  }

  const canary = isPending ? (
    <SkeletonRows label="canary health" rows={2} />
  ) : error ? (
    <p className="text-sm text-slate-600">Canary health unknown: metrics did not load.</p>
  ) : !data.available ? (
    <CanaryPanel health={data.health} note="Canary health unknown: metrics unavailable" />
  ) : (
    <CanaryPanel health={data.health} />
  )

  const metrics = isPending ? (
    <div role="status" aria-label="Loading metrics" className="grid gap-4 lg:grid-cols-3">
      {/* one per chart of the grid: requests, success rate, p99 */}
      {Array.from({ length: 3 }, (_, i) => (
        <Skeleton key={i} className="h-56 rounded-lg" />
      ))}
    </div>
  ) : error ? (
    <ErrorState title="Could not load metrics" error={error} onRetry={() => void refetch()} />
  ) : !data.available ? (
    <Warning>Metrics unavailable: {data.unavailableReason ?? 'Prometheus did not answer'}</Warning>
  ) : noTraffic(data.backends) ? (
    <EmptyState title="No requests in this window yet">
      Figures appear a few scrapes after traffic reaches the service.
    </EmptyState>
  ) : (
    <div className="space-y-4">
      <CurrentMetricsTable backends={data.backends} colorIndex={colorIndex} />
      <MetricsCharts backends={data.backends} colorIndex={colorIndex} markers={markers} />
      {markers.length > 0 && (
        <p className="text-xs text-slate-500">
          Dashed vertical lines mark the split changes applied in this range, by anyone through
          Meshpane; the History below says who and why.
        </p>
      )}
    </div>
  )

  return (
    <>
      <Section title="Canary health">{canary}</Section>
      <Section title="Metrics" actions={<RangePicker value={range} onChange={setRange} />}>
        {metrics}
      </Section>
    </>
  )
}
