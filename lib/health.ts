import type {
  BackendHealth,
  Health,
  HealthReason,
  HealthStatus,
  HealthThresholds,
  HealthThresholdsOverride,
} from './schemas/metrics'

/**
 * Canary health: every backend other than the primary is compared with the primary, the way
 * Flagger and Argo Rollouts analyses do, but relative (a canary is judged against what the stable
 * version does right now, not against an absolute SLO the operator must first write down).
 */

/** What a rule needs to know about one backend, over the health window. */
export type BackendSample = {
  name: string
  /** Requests served in the window. */
  requests: number
  /** Fraction 0–1; null when there were no requests. */
  successRate: number | null
  /** Milliseconds; null when there were no requests. */
  p99: number | null
}

export const DEFAULT_HEALTH_THRESHOLDS: HealthThresholds = {
  minRequests: 50,
  successRateDrop: { degraded: 1, failing: 5 },
  // Wide: p99 comes from histogram buckets (Istio's jump 100 → 250 → 500 ms), so it is coarse.
  latencyRatio: { degraded: 2, failing: 3 },
  minLatencyDeltaMs: 10,
}

/** Layers overrides (e.g. config defaults, then one service's own) over the built-in thresholds. */
export function resolveThresholds(
  ...overrides: (HealthThresholdsOverride | undefined)[]
): HealthThresholds {
  return overrides.reduce<HealthThresholds>(
    (t, o) =>
      o
        ? {
            minRequests: o.minRequests ?? t.minRequests,
            successRateDrop: { ...t.successRateDrop, ...o.successRateDrop },
            latencyRatio: { ...t.latencyRatio, ...o.latencyRatio },
            minLatencyDeltaMs: o.minLatencyDeltaMs ?? t.minLatencyDeltaMs,
          }
        : t,
    DEFAULT_HEALTH_THRESHOLDS,
  )
}

const STABLE_NAMES = ['stable', 'primary', 'v1']

/**
 * The baseline: a backend named stable/primary/v1 while it still carries enough traffic to be a
 * baseline, else the one that served the most requests (after a promotion the canary is the new
 * stable). Null when nothing carries traffic.
 */
export function pickPrimary(samples: readonly BackendSample[], minRequests: number): string | null {
  const named = STABLE_NAMES.map((n) => samples.find((s) => s.name === n)).find(
    (s) => s !== undefined,
  )
  if (named && named.requests >= Math.max(minRequests, 1)) return named.name
  const busiest = [...samples].sort((a, b) => b.requests - a.requests)[0]
  return busiest && busiest.requests > 0 ? busiest.name : null
}

const SEVERITY: Record<HealthStatus, number> = { healthy: 0, unknown: 1, degraded: 2, failing: 3 }
const worst = (statuses: HealthStatus[], none: HealthStatus): HealthStatus =>
  statuses.reduce<HealthStatus>(
    (w, s) => (SEVERITY[s] > SEVERITY[w] ? s : w),
    statuses.length ? 'healthy' : none,
  )

const pct = (rate: number) => `${(rate * 100).toFixed(1)}%`
const ms = (v: number) => (v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`)

function successRateRule(
  c: BackendSample,
  p: BackendSample,
  t: HealthThresholds,
): HealthReason | null {
  if (c.successRate === null || p.successRate === null) return null
  const drop = (p.successRate - c.successRate) * 100
  const status: HealthStatus =
    drop >= t.successRateDrop.failing
      ? 'failing'
      : drop >= t.successRateDrop.degraded
        ? 'degraded'
        : 'healthy'
  if (status === 'healthy') return null
  const limit = status === 'failing' ? t.successRateDrop.failing : t.successRateDrop.degraded
  return {
    backend: c.name,
    rule: 'success-rate',
    status,
    message: `success rate ${pct(c.successRate)} vs ${pct(p.successRate)} on ${p.name} (${drop.toFixed(1)} points lower, ${status} from ${limit})`,
    value: c.successRate,
    baseline: p.successRate,
    threshold: limit,
  }
}

function latencyRule(c: BackendSample, p: BackendSample, t: HealthThresholds): HealthReason | null {
  if (c.p99 === null || p.p99 === null || c.p99 - p.p99 < t.minLatencyDeltaMs) return null
  const ratio = p.p99 > 0 ? c.p99 / p.p99 : Infinity
  const status: HealthStatus =
    ratio >= t.latencyRatio.failing
      ? 'failing'
      : ratio >= t.latencyRatio.degraded
        ? 'degraded'
        : 'healthy'
  if (status === 'healthy') return null
  const limit = status === 'failing' ? t.latencyRatio.failing : t.latencyRatio.degraded
  return {
    backend: c.name,
    rule: 'latency',
    status,
    message: `p99 latency ${ms(c.p99)} vs ${ms(p.p99)} on ${p.name} (${ratio.toFixed(1)}×, ${status} from ${limit}×)`,
    value: c.p99,
    baseline: p.p99,
    threshold: limit,
  }
}

/** One canary against one primary, by the rules above (also a rollout's check). */
export function judgeCanary(
  c: BackendSample,
  p: BackendSample,
  t: HealthThresholds,
): BackendHealth {
  if (c.requests < t.minRequests || p.requests < t.minRequests) {
    const thin = c.requests < t.minRequests ? c : p
    const reason: HealthReason = {
      backend: c.name,
      rule: 'volume',
      status: 'unknown',
      message: `too few requests to judge ${c.name}: ${Math.round(thin.requests)} on ${thin.name}, need ${t.minRequests}`,
      value: thin.requests,
      threshold: t.minRequests,
    }
    return { name: c.name, status: 'unknown', reasons: [reason] }
  }
  const reasons = [successRateRule(c, p, t), latencyRule(c, p, t)].filter((r) => r !== null)
  return {
    name: c.name,
    status: worst(
      reasons.map((r) => r.status),
      'healthy',
    ),
    reasons,
  }
}

/**
 * The verdict for one service: the worst of its canaries' verdicts. A backend that gets no traffic
 * at all is not a canary right now and is left out; one with too little traffic is `unknown`.
 */
export function evaluateHealth(
  samples: readonly BackendSample[],
  thresholds = DEFAULT_HEALTH_THRESHOLDS,
): Health {
  const primaryName = pickPrimary(samples, thresholds.minRequests)
  const primary = samples.find((s) => s.name === primaryName)
  if (!primary) {
    const reasons: HealthReason[] = samples.length
      ? [
          {
            backend: samples[0]!.name,
            rule: 'volume',
            status: 'unknown',
            message: 'no traffic to judge',
          },
        ]
      : []
    return { status: 'unknown', primary: null, reasons, backends: [] }
  }
  const canaries = samples.filter((s) => s !== primary && s.requests > 0)
  if (canaries.length === 0) {
    const judged = primary.requests >= thresholds.minRequests
    const reason: HealthReason = {
      backend: primary.name,
      rule: judged ? 'no-canary' : 'volume',
      status: judged ? 'healthy' : 'unknown',
      message: judged
        ? `all traffic on ${primary.name}: no canary to compare`
        : `too few requests to judge: ${Math.round(primary.requests)} on ${primary.name}, need ${thresholds.minRequests}`,
    }
    return { status: reason.status, primary: primary.name, reasons: [reason], backends: [] }
  }
  const backends = canaries.map((c) => judgeCanary(c, primary, thresholds))
  return {
    status: worst(
      backends.map((b) => b.status),
      'unknown',
    ),
    primary: primary.name,
    reasons: backends.flatMap((b) => b.reasons),
    backends,
  }
}
