import 'server-only'
import { evaluateHealth, resolveThresholds, type BackendSample } from '@/lib/health'
import type {
  BackendMetrics,
  Health,
  HealthThresholds,
  HealthThresholdsOverride,
  Mesh,
  MeshService,
  MetricPoint,
  ServiceMetrics,
  ServiceMetricsSummary,
} from '@/lib/schemas'
import { TtlCache } from '@/server/cache/ttl-cache'
import { durationSeconds } from './durations'
import {
  MetricsUnavailableError,
  type MatrixSeries,
  type PrometheusClient,
  type VectorSample,
} from './prometheus-client'
import type { MetricQueries } from './queries'
import { byBackend, figuresKey, finite, serviceKey, type ByBackend } from './snapshot'

export type MetricsSettings = {
  /** Rate window of the charts and current values: short, so a split change shows within seconds. */
  rateWindow: string
  /** Window the health verdict and the list figures stand on: long enough to count requests. */
  healthWindow: string
  cacheMs: number
  thresholds?: HealthThresholdsOverride
  /** Per service (`namespace/name`), over `thresholds`. */
  serviceThresholds?: Record<string, HealthThresholdsOverride>
}

type MeshFigures = {
  requests: ByBackend<VectorSample>
  successes: ByBackend<VectorSample>
  p99: ByBackend<VectorSample>
}
export type ServiceSummary = { metrics: ServiceMetricsSummary; health: Health }

/** Per cache: mesh figures per mesh, charts per service×range×step (a chart holds up to 11,000 points). */
const CACHED_ANSWERS = 256

const unknownHealth = (reason: string): Health => ({
  status: 'unknown',
  primary: null,
  reasons: [{ backend: '', rule: 'volume', status: 'unknown', message: reason }],
  backends: [],
})

/**
 * Golden metrics and canary health from Prometheus. Every figure of a mesh's service list comes
 * from the same three mesh-wide queries (grouped by service and backend, cached `cacheMs`), so
 * their number does not grow with the services; a service page adds five range queries for its
 * charts. Prometheus failing never fails a page: the answer says `available: false` and why.
 */
export class Metrics {
  private readonly meshFigures: TtlCache<MeshFigures>
  private readonly ranges: TtlCache<Omit<ServiceMetrics, 'health' | 'serviceId'>>

  constructor(
    private readonly client: PrometheusClient | null,
    private readonly settings: MetricsSettings,
  ) {
    this.meshFigures = new TtlCache(settings.cacheMs, CACHED_ANSWERS, 'mesh-figures')
    this.ranges = new TtlCache(settings.cacheMs, CACHED_ANSWERS, 'metric-ranges')
  }

  /** The list figures and health of each of a mesh's services, or null when there are none to give. */
  async summaries(
    mesh: Mesh,
    q: MetricQueries | null,
    services: MeshService[],
  ): Promise<Map<string, ServiceSummary> | null> {
    if (!this.client || !q) return null
    const figures = await this.figures(mesh, q).catch((err) => {
      if (err instanceof MetricsUnavailableError) return null
      throw err
    })
    if (!figures) return null
    return new Map(services.map((s) => [s.id, this.summarise(q, s, figures)]))
  }

  async serviceMetrics(
    mesh: Mesh,
    q: MetricQueries | null,
    service: MeshService,
    rangeSeconds: number,
    stepSeconds: number,
  ): Promise<ServiceMetrics> {
    const end = Date.now()
    const range = { start: end - rangeSeconds * 1000, end, stepSeconds }
    const unavailable = (reason: string): ServiceMetrics => ({
      serviceId: service.id,
      range,
      available: false,
      unavailableReason: reason,
      backends: service.backends.map((b) => ({
        name: b.name,
        current: emptyCurrent(),
        series: [],
      })),
      health: unknownHealth(`no metrics: ${reason}`),
    })
    if (!this.client)
      return unavailable('no Prometheus is configured (prometheus.url in the Meshpane config)')
    if (!q) return unavailable(`Meshpane has no metric queries for ${mesh.kind} meshes yet`)
    try {
      const [charts, figures] = await Promise.all([
        this.ranges.get(`${service.id}|${rangeSeconds}|${stepSeconds}`, () =>
          this.charts(q, service, range),
        ),
        this.figures(mesh, q),
      ])
      const summary = this.summarise(q, service, figures)
      const requests = figures.requests.get(figuresKey(q, service))
      const window = durationSeconds(this.settings.healthWindow)!
      return {
        ...charts,
        serviceId: service.id,
        backends: charts.backends.map((b) => ({
          ...b,
          current: {
            ...b.current,
            requests: Math.round((finite(requests?.get(b.name)?.value) ?? 0) * window),
          },
        })),
        health: summary.health,
      }
    } catch (err) {
      if (err instanceof MetricsUnavailableError) return unavailable(err.reason)
      throw err
    }
  }

  private figures(mesh: Mesh, q: MetricQueries): Promise<MeshFigures> {
    const w = this.settings.healthWindow
    return this.meshFigures.get(mesh.id, async () => {
      const [requests, successes, p99] = await Promise.all([
        this.client!.query(q.requests(w)),
        this.client!.query(q.successes(w)),
        this.client!.query(q.latency(0.99, w)),
      ])
      return {
        requests: byBackend(q, requests),
        successes: byBackend(q, successes),
        p99: byBackend(q, p99),
      }
    })
  }

  /**
   * Each backend's figures over the health window and the service's thresholds: what a rollout's
   * check judges (throws `MetricsUnavailableError` when Prometheus cannot answer).
   */
  async canarySamples(
    mesh: Mesh,
    q: MetricQueries | null,
    service: MeshService,
  ): Promise<{ samples: BackendSample[]; thresholds: HealthThresholds }> {
    if (!this.client) throw new MetricsUnavailableError('no Prometheus is configured')
    if (!q) throw new MetricsUnavailableError(`no metric queries for ${mesh.kind} meshes`)
    return {
      samples: this.samplesOf(q, service, await this.figures(mesh, q)),
      thresholds: this.thresholdsOf(service),
    }
  }

  private samplesOf(q: MetricQueries, service: MeshService, f: MeshFigures): BackendSample[] {
    const key = figuresKey(q, service)
    const window = durationSeconds(this.settings.healthWindow)!
    return service.backends.map(({ name }) => {
      const rps = finite(f.requests.get(key)?.get(name)?.value) ?? 0
      const ok = finite(f.successes.get(key)?.get(name)?.value) ?? 0
      return {
        name,
        requests: rps * window,
        successRate: rps > 0 ? Math.min(1, ok / rps) : null,
        p99: rps > 0 ? finite(f.p99.get(key)?.get(name)?.value) : null,
      }
    })
  }

  private thresholdsOf(service: MeshService): HealthThresholds {
    return resolveThresholds(
      this.settings.thresholds,
      this.settings.serviceThresholds?.[serviceKey(service.namespace, service.name)],
    )
  }

  private summarise(q: MetricQueries, service: MeshService, f: MeshFigures): ServiceSummary {
    const key = figuresKey(q, service)
    const window = durationSeconds(this.settings.healthWindow)!
    const samples = this.samplesOf(q, service, f)
    const rps = samples.reduce((s, b) => s + b.requests / window, 0)
    const ok = service.backends.reduce(
      (s, b) => s + (finite(f.successes.get(key)?.get(b.name)?.value) ?? 0),
      0,
    )
    const p99s = samples.map((s) => s.p99).filter((v) => v !== null)
    const thresholds = this.thresholdsOf(service)
    return {
      metrics: {
        rps,
        successRate: rps > 0 ? Math.min(1, ok / rps) : null,
        // The slowest backend's p99: quantiles of parts cannot be merged, and the worst is what matters.
        p99: p99s.length ? Math.max(...p99s) : null,
      },
      health: evaluateHealth(samples, thresholds),
    }
  }

  private async charts(
    q: MetricQueries,
    service: MeshService,
    range: { start: number; end: number; stepSeconds: number },
  ) {
    const w = this.settings.rateWindow
    const sel = { namespace: service.namespace, name: service.name }
    const run = (query: string) =>
      this.client!.queryRange(
        query,
        new Date(range.start),
        new Date(range.end),
        range.stepSeconds,
      ).then((r) => byBackend(q, r).get(figuresKey(q, service)) ?? new Map<string, MatrixSeries>())
    const [requests, successes, p50, p95, p99] = await Promise.all([
      run(q.requests(w, sel)),
      run(q.successes(w, sel)),
      run(q.latency(0.5, w, sel)),
      run(q.latency(0.95, w, sel)),
      run(q.latency(0.99, w, sel)),
    ])
    const backends: BackendMetrics[] = service.backends.map(({ name }) => {
      const at = (m: typeof requests) => new Map((m.get(name)?.values ?? []).map((p) => [p.t, p.v]))
      const [req, ok, l50, l95, l99] = [requests, successes, p50, p95, p99].map(at) as Map<
        number,
        number
      >[]
      const series: MetricPoint[] = [...req!.keys()]
        .sort((a, b) => a - b)
        .map((t) => {
          const rps = finite(req!.get(t)) ?? 0
          return {
            t,
            rps,
            successRate: rps > 0 ? Math.min(1, (finite(ok!.get(t)) ?? 0) / rps) : null,
            p50: rps > 0 ? finite(l50!.get(t)) : null,
            p95: rps > 0 ? finite(l95!.get(t)) : null,
            p99: rps > 0 ? finite(l99!.get(t)) : null,
          }
        })
      const last = series.at(-1)
      const {
        rps = 0,
        successRate = null,
        p50: c50 = null,
        p95: c95 = null,
        p99: c99 = null,
      } = last ?? {}
      return {
        name,
        current: { ...emptyCurrent(), rps, successRate, p50: c50, p95: c95, p99: c99 },
        series,
      }
    })
    const total = backends.reduce((s, b) => s + b.current.rps, 0)
    for (const b of backends) b.current.share = total > 0 ? b.current.rps / total : null
    return { range, available: true, backends }
  }
}

const emptyCurrent = (): BackendMetrics['current'] => ({
  rps: 0,
  successRate: null,
  p50: null,
  p95: null,
  p99: null,
  requests: 0,
  share: null,
})
