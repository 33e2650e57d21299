import 'server-only'
import { judgeCanary } from '@/lib/health'
import type { HealthThresholds, Rollout, RolloutVerdict } from '@/lib/schemas'
import type { Inventory } from '@/server/inventory'
import { MetricsUnavailableError, type Metrics } from '@/server/metrics'

export type Judge = (rollout: Rollout) => Promise<RolloutVerdict>

/** The plan's analysis over the service's thresholds: its limits are where the canary fails. */
function planThresholds(t: HealthThresholds, a: Rollout['plan']['analysis']): HealthThresholds {
  return {
    ...t,
    minRequests: a.minRequests ?? t.minRequests,
    successRateDrop: {
      degraded: Math.min(t.successRateDrop.degraded, a.successRateDrop ?? Infinity),
      failing: a.successRateDrop ?? t.successRateDrop.failing,
    },
    latencyRatio: {
      degraded: Math.min(t.latencyRatio.degraded, a.latencyRatio ?? Infinity),
      failing: a.latencyRatio ?? t.latencyRatio.failing,
    },
  }
}

/**
 * The canary against the rollout's primary (not whichever backend is busiest: at 75% the canary
 * is), by the canary rules of lib/health.ts over the health window. No figures is `unknown`.
 */
export function metricsJudge(inventory: Inventory, metrics: Metrics): Judge {
  return async (rollout) => {
    const { canary, primary } = rollout.plan
    try {
      const service = await inventory.getService(rollout.serviceId)
      const { mesh, adapter } = await inventory.getMesh(service.meshId)
      const { samples, thresholds } = await metrics.canarySamples(
        mesh,
        adapter.metricQueries?.(mesh) ?? null,
        service,
      )
      const c = samples.find((s) => s.name === canary)
      const p = samples.find((s) => s.name === primary)
      if (!c || !p) return unknown(canary, `no figures for ${c ? primary : canary}`)
      const judged = judgeCanary(c, p, planThresholds(thresholds, rollout.plan.analysis))
      return { status: judged.status, reasons: judged.reasons }
    } catch (err) {
      if (err instanceof MetricsUnavailableError)
        return unknown(canary, `no metrics: ${err.reason}`)
      return unknown(canary, `no verdict: ${(err as Error).message}`)
    }
  }
}

const unknown = (backend: string, message: string): RolloutVerdict => ({
  status: 'unknown',
  reasons: [{ backend, rule: 'volume', status: 'unknown', message }],
})
