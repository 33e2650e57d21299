import type { MetricsRange, MetricsStep } from '@/lib/schemas'

/** The time ranges the metrics panel offers, each with a step giving ~60 points per chart. */
export const METRIC_RANGES = [
  { range: '15m', step: '15s', label: '15 min', ms: 15 * 60_000 },
  { range: '1h', step: '1m', label: '1 hour', ms: 60 * 60_000 },
  { range: '6h', step: '5m', label: '6 hours', ms: 6 * 60 * 60_000 },
] as const satisfies readonly {
  range: MetricsRange
  step: MetricsStep
  label: string
  ms: number
}[]

export type MetricRange = (typeof METRIC_RANGES)[number]
