import type { MetricsRange, MetricsStep } from '@/lib/schemas'

/** The time ranges the metrics panel offers, each with a step giving ~60 points per chart. */
export const METRIC_RANGES = [
  { range: '15m', step: '15s', label: '15 min' },
  { range: '1h', step: '1m', label: '1 hour' },
  { range: '6h', step: '5m', label: '6 hours' },
] as const satisfies readonly { range: MetricsRange; step: MetricsStep; label: string }[]

export type MetricRange = (typeof METRIC_RANGES)[number]
