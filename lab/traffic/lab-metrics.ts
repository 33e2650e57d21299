import type { Scenario } from '../scenario'
import type { Store } from '../kube/store'
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
  /** What the Meshpane config's `prometheus` gets; absent when Prometheus is not running. */
  prometheus?: { url: string; rateWindow: string }
  queryLogFile?: string
  warning?: string
  stop(): Promise<void>
}

/** The scenario's say on traffic: callers and each version's behaviour. */
export function scenarioHints(scenario: Scenario): TrafficHints {
  const find = (cluster: string, namespace: string, service: string) =>
    scenario.clusters
      .find((c) => c.name === cluster)
      ?.services.find((s) => s.namespace === namespace && s.name === service)
  return {
    caller: (c, n, s) => find(c, n, s)?.caller,
    behaviour: (c, n, s, v) => find(c, n, s)?.versions.find((x) => x.name === v)?.behaviour,
  }
}

/**
 * Starts the traffic model over the lab's clusters and, when it is installed, a Prometheus
 * scraping it. A Prometheus that cannot start is a warning, not a failure: the lab still runs and
 * Meshpane shows metrics as unavailable.
 */
export async function startLabMetrics(
  scenario: Scenario,
  clusters: { name: string; store: Store }[],
  dir: string,
  options: LabMetricsOptions = {},
): Promise<LabMetrics> {
  const traffic = await startTraffic({
    clusters,
    hints: scenarioHints(scenario),
    tickMs: options.tickMs,
  })
  const scrape = options.scrapeIntervalSeconds ?? 5
  let prometheus: Prometheus | undefined
  let warning: string | undefined
  if (options.prometheus) {
    if (!findPrometheus())
      warning = 'prometheus is not installed (apt-get install prometheus): metrics unavailable'
    else
      try {
        prometheus = await startPrometheus({
          dir,
          sdUrls: Object.fromEntries(clusters.map((c) => [c.name, traffic.sdUrl(c.name)])),
          scrapeIntervalSeconds: scrape,
        })
      } catch (err) {
        warning = `prometheus did not start: ${(err as Error).message}`
      }
  }
  return {
    trafficUrl: traffic.url,
    // Four scrapes per rate window: short enough that a split change shows within seconds.
    prometheus: prometheus && { url: prometheus.url, rateWindow: `${4 * scrape}s` },
    queryLogFile: prometheus?.queryLogFile,
    warning,
    stop: async () => {
      await prometheus?.stop()
      await traffic.stop()
    },
  }
}
