'use client'

import { keepPreviousData, useQuery } from '@tanstack/react-query'
import type { MetricRange } from './ranges'
import { api } from '@/lib/api-client'

/** A few scrape intervals: the charts follow a split change without hammering Prometheus. */
const METRICS_REFRESH = 5_000

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
