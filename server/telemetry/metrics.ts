import 'server-only'
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client'

/**
 * Meshpane's own metrics, in Prometheus' text format at `/metrics` (prom-client). One registry
 * per process, kept on globalThis: instrumentation.ts and the route handlers are separate
 * bundles, and both must count into the same series.
 */
function createTelemetry() {
  const registry = new Registry()
  // The process's own: resident memory, heap, event-loop lag, open handles (prom-client's set).
  collectDefaultMetrics({ register: registry })
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]
  return {
    registry,
    requestDuration: new Histogram({
      name: 'meshpane_http_request_duration_seconds',
      help: 'HTTP requests served, by route pattern, method and status',
      labelNames: ['route', 'method', 'status'] as const,
      buckets: seconds,
      registers: [registry],
    }),
    sourceDuration: new Histogram({
      name: 'meshpane_source_request_duration_seconds',
      help: 'Requests to sources (Kubernetes API servers, AWS App Mesh), by source and kind',
      labelNames: ['source', 'kind'] as const,
      buckets: seconds,
      registers: [registry],
    }),
    sourceErrors: new Counter({
      name: 'meshpane_source_errors_total',
      help: 'Requests to sources that failed, by source, kind and reason (unreachable, timeout, forbidden, status)',
      labelNames: ['source', 'kind', 'reason'] as const,
      registers: [registry],
    }),
    cacheLookups: new Counter({
      name: 'meshpane_cache_lookups_total',
      help: 'TTL cache lookups by cache and result (hit: answered from the cache, miss: loaded); the hit ratio is hit / (hit + miss)',
      labelNames: ['cache', 'result'] as const,
      registers: [registry],
    }),
    writes: new Counter({
      name: 'meshpane_writes_total',
      help: 'Split write attempts by outcome, as their change records say',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    eventStreams: new Gauge({
      name: 'meshpane_event_streams',
      help: 'Open GET /api/v1/events streams (one per browser, shared by its tabs)',
      registers: [registry],
    }),
    rolloutCollectors: [] as RolloutCollector[],
    rollouts: new Gauge({
      name: 'meshpane_rollouts',
      help: 'Rollouts by state',
      labelNames: ['state'] as const,
      registers: [registry],
      async collect() {
        this.reset()
        for (const collect of telemetry().rolloutCollectors)
          for (const [state, count] of Object.entries(await collect())) this.inc({ state }, count)
      },
    }),
  }
}

/** How many rollouts are in each state now (`{ running: 2, paused: 1 }`). */
export type RolloutCollector = () => Promise<Record<string, number>>

const KEY = Symbol.for('meshpane.telemetry')
type Telemetry = ReturnType<typeof createTelemetry>

export function telemetry(): Telemetry {
  const global = globalThis as { [KEY]?: Telemetry }
  return (global[KEY] ??= createTelemetry())
}

/**
 * The registration point of the rollout engine: it hands over a function counting its rollouts
 * by state, read at every scrape into `meshpane_rollouts{state}`. Until it registers, the gauge
 * has no series.
 */
export function registerRolloutStates(collect: RolloutCollector): void {
  telemetry().rolloutCollectors.push(collect)
}

/** The text a scrape answers, and its content type. */
export async function scrape(): Promise<{ body: string; contentType: string }> {
  const { registry } = telemetry()
  return { body: await registry.metrics(), contentType: registry.contentType }
}
