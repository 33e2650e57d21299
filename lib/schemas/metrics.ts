import { z } from 'zod'

/** Requests per second, success rate as a fraction 0–1, latencies in milliseconds; null = no data (no requests). */
export const GoldenSignals = z.object({
  rps: z.number().nonnegative(),
  successRate: z.number().min(0).max(1).nullable(),
  p50: z.number().nonnegative().nullable(),
  p95: z.number().nonnegative().nullable(),
  p99: z.number().nonnegative().nullable(),
})
export type GoldenSignals = z.infer<typeof GoldenSignals>

/** One point of a backend's time series; `t` is epoch milliseconds. */
export const MetricPoint = GoldenSignals.extend({ t: z.number() })
export type MetricPoint = z.infer<typeof MetricPoint>

export const BackendMetrics = z.object({
  name: z.string(),
  /** Over the last minute (a rate window short enough to follow a split change quickly). */
  current: GoldenSignals.extend({
    /** Requests counted over the health window: the volume the health verdict stands on. */
    requests: z.number().nonnegative(),
    /** This backend's part of the service's request rate, 0–1 (null when the service has no traffic). */
    share: z.number().min(0).max(1).nullable(),
  }),
  series: z.array(MetricPoint),
})
export type BackendMetrics = z.infer<typeof BackendMetrics>

export const HealthStatus = z.enum(['healthy', 'degraded', 'failing', 'unknown'])
export type HealthStatus = z.infer<typeof HealthStatus>

/** Which rule spoke, about which backend, with the figures it compared. */
export const HealthReason = z.object({
  backend: z.string(),
  rule: z.enum(['success-rate', 'latency', 'volume', 'no-canary']),
  status: HealthStatus,
  message: z.string(),
  value: z.number().optional(),
  baseline: z.number().optional(),
  threshold: z.number().optional(),
})
export type HealthReason = z.infer<typeof HealthReason>

export const BackendHealth = z.object({
  name: z.string(),
  status: HealthStatus,
  reasons: z.array(HealthReason),
})
export type BackendHealth = z.infer<typeof BackendHealth>

export const Health = z.object({
  status: HealthStatus,
  /** The backend every other one is compared with (null when none carries traffic). */
  primary: z.string().nullable(),
  reasons: z.array(HealthReason),
  backends: z.array(BackendHealth),
})
export type Health = z.infer<typeof Health>

/** Canary rules' thresholds; every field can be overridden per service. */
export const HealthThresholds = z.object({
  /** Requests a backend (and the primary) must have served in the window before it is judged. */
  minRequests: z.number().nonnegative(),
  /** Drop of success rate below the primary's, in percentage points, that degrades / fails the canary. */
  successRateDrop: z.object({
    degraded: z.number().nonnegative(),
    failing: z.number().nonnegative(),
  }),
  /** Ratio of the canary's p99 to the primary's that degrades / fails it. */
  latencyRatio: z.object({ degraded: z.number().min(1), failing: z.number().min(1) }),
  /** A p99 gap below this many milliseconds is noise, whatever the ratio (fast services). */
  minLatencyDeltaMs: z.number().nonnegative(),
})
export type HealthThresholds = z.infer<typeof HealthThresholds>

export const HealthThresholdsOverride = z.object({
  minRequests: z.number().nonnegative().optional(),
  successRateDrop: HealthThresholds.shape.successRateDrop.partial().optional(),
  latencyRatio: HealthThresholds.shape.latencyRatio.partial().optional(),
  minLatencyDeltaMs: z.number().nonnegative().optional(),
})
export type HealthThresholdsOverride = z.infer<typeof HealthThresholdsOverride>

/**
 * The `range` and `step` GET /api/v1/services/{id}/metrics takes: a closed set, so every answer
 * costs a known amount and the cache of answers cannot be flooded with distinct keys.
 */
const oneOf = <const T extends readonly [string, ...string[]]>(values: T) =>
  z.enum(values, { error: `must be one of ${values.join(', ')}` })
export const MetricsRange = oneOf([
  '1m',
  '5m',
  '15m',
  '30m',
  '1h',
  '3h',
  '6h',
  '12h',
  '1d',
  '2d',
  '7d',
])
export type MetricsRange = z.infer<typeof MetricsRange>
export const MetricsStep = oneOf(['1s', '5s', '10s', '15s', '30s', '1m', '5m', '15m', '30m', '1h'])
export type MetricsStep = z.infer<typeof MetricsStep>

/** The query of GET /api/v1/services/{id}/metrics (the server also caps range/step at 11,000 points). */
export const MetricsQuery = z.object({
  range: MetricsRange.default('15m'),
  step: MetricsStep.default('15s'),
})
export type MetricsQuery = z.infer<typeof MetricsQuery>

/** GET /api/v1/services/{id}/metrics. When Prometheus cannot answer, `available` is false and says why. */
export const ServiceMetrics = z.object({
  serviceId: z.string(),
  range: z.object({ start: z.number(), end: z.number(), stepSeconds: z.number() }),
  available: z.boolean(),
  unavailableReason: z.string().optional(),
  backends: z.array(BackendMetrics),
  health: Health,
})
export type ServiceMetrics = z.infer<typeof ServiceMetrics>

/** The few figures a service list carries per service. */
export const ServiceMetricsSummary = z.object({
  rps: z.number().nonnegative(),
  successRate: z.number().min(0).max(1).nullable(),
  p99: z.number().nonnegative().nullable(),
})
export type ServiceMetricsSummary = z.infer<typeof ServiceMetricsSummary>
