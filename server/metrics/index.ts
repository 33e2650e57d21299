import 'server-only'
import { loadConfig } from '@/server/config/config'
import { Metrics } from './metrics'
import { PrometheusClient } from './prometheus-client'

export { Metrics } from './metrics'
export { MetricsUnavailableError } from './prometheus-client'

let shared: Metrics | undefined

/** The process-wide metrics service, from the config's `prometheus` section (none: unavailable). */
export function getMetrics(): Metrics {
  if (!shared) {
    const p = loadConfig().prometheus
    shared = new Metrics(p ? new PrometheusClient(p) : null, {
      rateWindow: p?.rateWindow ?? '1m',
      healthWindow: p?.healthWindow ?? '1m',
      cacheMs: 3000,
      thresholds: p?.health,
      serviceThresholds: p?.services,
    })
  }
  return shared
}
