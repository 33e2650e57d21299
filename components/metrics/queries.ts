'use client'

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { ChartMarker } from './BackendChart'
import type { MetricRange } from './ranges'
import { queryKeys } from '@/components/queries'
import { api } from '@/lib/api-client'
import type { ChangeList } from '@/lib/schemas'

/** A few scrape intervals: the charts follow a split change without hammering Prometheus. */
const METRICS_REFRESH = 5_000

/** The API's largest page: more applied changes than this in one chart's range would be unreadable anyway. */
const MARKER_LIMIT = 500

const toMarkers = (list: ChangeList): ChartMarker[] =>
  list.items.map((c) => ({
    id: c.id,
    t: Date.parse(c.time),
    label: c.rollout ? rolloutLabel(c.rollout.step) : c.reverts ? 'revert' : 'split',
  }))

/** A rollout's write: one of its steps, or the way back to the primary (step -1). */
const rolloutLabel = (step: number) => (step < 0 ? 'rollout: primary' : `rollout step ${step + 1}`)

const metricsKey = (serviceId: string, range: MetricRange) =>
  ['metrics', serviceId, range.range, range.step] as const

/**
 * A service's metrics and canary health, refreshed every few seconds while the tab is visible:
 * react-query's interval skips its turn while `document.visibilityState` is hidden
 * (refetchIntervalInBackground false) and refetches when the tab shows again.
 */
export const useServiceMetrics = (serviceId: string, range: MetricRange) =>
  useQuery({
    queryKey: metricsKey(serviceId, range),
    queryFn: () => api.metrics(serviceId, range.range, range.step),
    refetchInterval: METRICS_REFRESH,
    refetchIntervalInBackground: false,
    // switching range keeps the old charts on screen until the new ones arrive
    placeholderData: keepPreviousData,
  })

/**
 * The service's applied changes within the charts' range, from the audit trail, so every operator
 * sees every change (theirs, a colleague's, a script's) on the charts; refreshed with the metrics.
 */
export const useChangeMarkers = (serviceId: string, range: MetricRange): ChartMarker[] =>
  useQuery({
    queryKey: [...queryKeys.changes, 'markers', serviceId, range.range],
    queryFn: () =>
      api.changes({
        service: serviceId,
        outcome: 'applied',
        since: new Date(Date.now() - range.ms).toISOString(),
        limit: MARKER_LIMIT,
      }),
    select: toMarkers,
    refetchInterval: METRICS_REFRESH,
    refetchIntervalInBackground: false,
  }).data ?? []
