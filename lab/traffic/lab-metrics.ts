import type { AwsScenario } from '../appmesh/scenario'
import type { Store as AppMeshStore } from '../appmesh/store'
import type { ControlRoute } from '../control'
import { clusterProxy } from '../meshes'
import type { Scenario } from '../scenario'
import type { Store } from '../kube/store'
import type { AppMeshHints } from './appmesh-flows'
import type { BehaviourKnobs } from './behaviour-knobs'
import type { TrafficHints } from './istio-flows'
import { findPrometheus, startPrometheus, type Prometheus } from './prometheus'
import { startTraffic } from './server'

export type LabMetricsOptions = {
  /** Start a real Prometheus scraping the traffic (the CLI does by default; in-process labs opt in). */
  prometheus?: boolean
  scrapeIntervalSeconds?: number
  tickMs?: number
}

export type LabMetrics = {
  trafficUrl: string
  /**
   * The Prometheus the lab started (absent when none did): its URL and rate window go into the
   * Meshpane config, its query log file into lab.json.
   */
  prometheus?: { url: string; rateWindow: string; queryLogFile: string }
  /** Whether that Prometheus runs now (false for a lab without one). */
  readonly running: boolean
  warning?: string
  /** Stops or restarts Prometheus on the same address (tests of "Prometheus down"). */
  setPrometheusRunning(running: boolean): Promise<void>
  stop(): Promise<void>
}

/** The scenario's say on traffic: callers and each version's behaviour. */
export function scenarioHints(scenario: Scenario): TrafficHints {
  // Asked for every service every tick: indexed once.
  const services = new Map<string, Scenario['clusters'][number]['services'][number]>()
  for (const c of scenario.clusters)
    for (const s of c.services) {
      const key = `${c.name}/${s.namespace}/${s.name}`
      if (!services.has(key)) services.set(key, s)
    }
  const find = (cluster: string, namespace: string, service: string) =>
    services.get(`${cluster}/${namespace}/${service}`)
  return {
    rps: (c, n, s) => find(c, n, s)?.rps,
    caller: (c, n, s) => find(c, n, s)?.caller,
    behaviour: (c, n, s, v) => find(c, n, s)?.versions.find((x) => x.name === v)?.behaviour,
  }
}

/** The `aws:` section's say on traffic: each virtual service's load and each virtual node's behaviour. */
export function appMeshHints(aws: AwsScenario): AppMeshHints {
  const find = (region: string, owner: string, mesh: string) =>
    aws.meshes.find(
      (m) => m.region === region && m.name === mesh && aws.accounts[m.account]?.id === owner,
    )
  return {
    rps: (r, o, m, service) => find(r, o, m)?.services.find((s) => s.name === service)?.rps,
    behaviour: (r, o, m, node) => find(r, o, m)?.behaviour[node],
  }
}

/**
 * Starts the traffic model over the lab's clusters (and App Mesh meshes, given `aws`) and, when it is installed, a Prometheus
 * scraping it. A Prometheus that cannot start is a warning, not a failure: the lab still runs and
 * Meshpane shows metrics as unavailable.
 */
export async function startLabMetrics(
  scenario: Scenario,
  clusters: { name: string; store: Store }[],
  dir: string,
  options: LabMetricsOptions = {},
  aws?: { scenario: AwsScenario; store: AppMeshStore },
  knobs?: BehaviourKnobs,
): Promise<LabMetrics> {
  const meshes = new Map(scenario.clusters.map((c) => [c.name, c.meshes]))
  const traffic = await startTraffic({
    clusters: clusters.map((c) => ({ ...c, proxy: clusterProxy(meshes.get(c.name) ?? []) })),
    hints: knobs ? knobs.kube(scenarioHints(scenario)) : scenarioHints(scenario),
    appmesh: aws && {
      store: aws.store,
      hints: knobs ? knobs.appMesh(appMeshHints(aws.scenario)) : appMeshHints(aws.scenario),
    },
    tickMs: options.tickMs,
  })
  const scrape = options.scrapeIntervalSeconds ?? 5
  const prometheusOptions = {
    dir,
    sdUrls: Object.fromEntries(clusters.map((c) => [c.name, traffic.sdUrl(c.name)])),
    appMeshSdUrl: traffic.appMeshSdUrl,
    scrapeIntervalSeconds: scrape,
  }
  let prometheus: Prometheus | undefined
  let running = false
  let warning: string | undefined
  if (options.prometheus) {
    if (!findPrometheus())
      warning = 'prometheus is not installed (apt-get install prometheus): metrics unavailable'
    else
      try {
        prometheus = await startPrometheus(prometheusOptions)
        running = true
      } catch (err) {
        warning = `prometheus did not start: ${(err as Error).message}`
      }
  }
  return {
    trafficUrl: traffic.url,
    // Four scrapes per rate window: short enough that a split change shows within seconds.
    prometheus: prometheus && {
      url: prometheus.url,
      rateWindow: `${4 * scrape}s`,
      queryLogFile: prometheus.queryLogFile,
    },
    get running() {
      return running
    },
    warning,
    setPrometheusRunning: async (run) => {
      if (!prometheus) throw new Error('this lab runs no Prometheus')
      if (run === running) return
      if (!run) await prometheus.stop()
      else {
        const port = Number(new URL(prometheus.url).port)
        prometheus = await startPrometheus({ ...prometheusOptions, port, keepData: true })
      }
      running = run
    },
    stop: async () => {
      if (running) await prometheus?.stop()
      await traffic.stop()
    },
  }
}

/** `GET /prometheus` → `{ running }`; `PUT /prometheus` body `{ "running": false }` stops it, `true` restarts it. */
export function prometheusRoutes(metrics: () => LabMetrics | undefined): ControlRoute[] {
  const state = () => ({ running: metrics()?.running ?? false })
  return [
    { method: 'GET', path: /^\/prometheus$/, handle: async () => ({ status: 200, body: state() }) },
    {
      method: 'PUT',
      path: /^\/prometheus$/,
      handle: async (_, body) => {
        const running = (body as { running?: unknown } | undefined)?.running
        if (typeof running !== 'boolean')
          return { status: 400, body: { error: 'body must be { "running": true | false }' } }
        const m = metrics()
        if (!m?.prometheus) return { status: 409, body: { error: 'this lab runs no Prometheus' } }
        await m.setPrometheusRunning(running)
        return { status: 200, body: state() }
      },
    },
  ]
}
