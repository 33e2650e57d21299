import { sampler, seededRandom, type Behaviour } from './behaviour'
import { emptyStats, observe, type LatencyStats } from './histogram'

/**
 * The proxy that reports a pod's traffic, which decides the metric names it is exported under:
 * `envoy` is App Mesh's Envoy; `osm` and `consul` are the Envoys of Open Service Mesh and Consul.
 */
export type ProxyKind = 'istio' | 'linkerd' | 'envoy' | 'osm' | 'consul'

/**
 * The upstream a caller's Envoy sent a request to, where the mesh names it apart from the backend:
 * OSM's backend Service, Consul's service and subset (empty: none).
 */
export type Upstream = { service: string; namespace: string; port: number; subset?: string }

export type Workload = {
  cluster: string
  namespace: string
  /** The Deployment name (Istio's `*_workload`, Linkerd's `deployment`). */
  name: string
  app: string
  version: string
  pods: string[]
}

export type FlowBackend = {
  name: string
  weight: number
  workload: Workload
  behaviour?: Behaviour
  upstream?: Upstream
}

/** Requests from one caller to one service, split over its backends by the routing in force. */
export type Flow = {
  proxy: ProxyKind
  cluster: string
  namespace: string
  service: string
  port: number
  rps: number
  /** The calling workload; null = from outside the mesh (no source-side report). */
  source: Workload | null
  backends: FlowBackend[]
}

/** One kind of request as a proxy saw it: the key of one set of counters. */
export type Exchange = {
  direction: 'inbound' | 'outbound'
  source: Omit<Workload, 'pods'> | null
  destination: Omit<Workload, 'pods'>
  service: { name: string; namespace: string; port: number }
  backend: string
  upstream?: Upstream
  code: number
}

export type PodTraffic = {
  cluster: string
  namespace: string
  pod: string
  proxy: ProxyKind
  series: Map<string, { exchange: Exchange; stats: LatencyStats }>
}

const withoutPods = (w: Workload): Omit<Workload, 'pods'> => ({
  cluster: w.cluster,
  namespace: w.namespace,
  name: w.name,
  app: w.app,
  version: w.version,
})

/** The key of a workload's round-robin turn over its pods. */
const turnKey = (w: Workload) => `${w.cluster}/${w.namespace}/${w.name}`

/** An exchange and its key among a pod's series. */
type Keyed = { exchange: Exchange; key: string }

/** The exchanges of one flow's requests to one backend, built once per tick and outcome. */
function exchangesOf(flow: Flow, backend: FlowBackend) {
  const made: Keyed[] = []
  return (direction: Exchange['direction'], failed: boolean): Keyed => {
    const slot = (direction === 'inbound' ? 0 : 2) + (failed ? 1 : 0)
    let keyed = made[slot]
    if (!keyed) {
      const exchange: Exchange = {
        source: flow.source && withoutPods(flow.source),
        destination: withoutPods(backend.workload),
        service: { name: flow.service, namespace: flow.namespace, port: flow.port },
        backend: backend.name,
        ...(backend.upstream && { upstream: backend.upstream }),
        code: failed ? 503 : 200,
        direction,
      }
      made[slot] = keyed = { exchange, key: JSON.stringify(exchange) }
    }
    return keyed
  }
}

/** Records one request's exchange on a workload's next pod. */
type Recorder = (keyed: Keyed, latencyMs: number) => void
type Prepared = {
  /** Of the fraction of a request carried over to the next tick. */
  key: string
  exchanges: ReturnType<typeof exchangesOf>
  destination: Recorder | undefined
  source: Recorder | null | undefined
}

/**
 * Accumulates what every proxy would have counted. Each tick splits a flow's requests over its
 * backends in proportion to the weights (carrying fractions over, so a 50/50 split is exactly
 * 50/50 over time), spreads them round-robin over each backend's pods, and draws each request's
 * outcome from the backend's behaviour. Counters only grow, as a proxy's do.
 */
export class TrafficModel {
  private readonly pods = new Map<string, PodTraffic>()
  private readonly carry = new Map<string, number>()
  private readonly turn = new Map<string, number>()
  private readonly preparedFlows = new WeakMap<Flow, Map<FlowBackend, Prepared>>()
  private readonly random: () => number

  constructor(seed = 1) {
    this.random = seededRandom(seed)
  }

  tick(flows: readonly Flow[], seconds: number): void {
    for (const flow of flows) this.run(flow, seconds)
  }

  pod(cluster: string, namespace: string, pod: string): PodTraffic | undefined {
    return this.pods.get(`${cluster}/${namespace}/${pod}`)
  }

  private run(flow: Flow, seconds: number) {
    const total = flow.backends.reduce((s, b) => s + Math.max(0, b.weight), 0)
    if (total <= 0) return
    for (const backend of flow.backends) {
      const { key, exchanges, destination, source } = this.prepared(flow, backend)
      const exact =
        (flow.rps * seconds * Math.max(0, backend.weight)) / total + (this.carry.get(key) ?? 0)
      const n = Math.floor(exact)
      this.carry.set(key, exact - n)
      if (n === 0) continue
      const draw = sampler(backend.behaviour, this.random)
      for (let i = 0; i < n; i++) {
        const { latencyMs, failed } = draw()
        destination?.(exchanges('inbound', failed), latencyMs)
        source?.(exchanges('outbound', failed), latencyMs)
      }
    }
  }

  /**
   * What a flow's requests to a backend are recorded with, kept for as long as the flow object is
   * (the caller reuses flows while the routing stays): ticks then allocate next to nothing.
   */
  private prepared(flow: Flow, backend: FlowBackend): Prepared {
    let byBackend = this.preparedFlows.get(flow)
    if (!byBackend) this.preparedFlows.set(flow, (byBackend = new Map()))
    let ready = byBackend.get(backend)
    if (!ready)
      byBackend.set(
        backend,
        (ready = {
          key: `${flow.cluster}/${flow.namespace}/${flow.service}/${flow.source?.name ?? ''}/${backend.name}`,
          exchanges: exchangesOf(flow, backend),
          destination: this.recorder(flow.proxy, backend.workload),
          source: flow.source && this.recorder(flow.proxy, flow.source),
        }),
      )
    return ready
  }

  /**
   * Records a workload's requests, each on its next pod in turn (none without pods); built once
   * per tick and backend, so a request costs no more than its counters.
   */
  private recorder(proxy: ProxyKind, w: Workload): Recorder | undefined {
    if (w.pods.length === 0) return undefined
    const turn = turnKey(w)
    const pods: PodTraffic[] = []
    return ({ exchange, key }: Keyed, latencyMs: number) => {
      const i = this.turn.get(turn) ?? 0
      this.turn.set(turn, i + 1)
      const at = i % w.pods.length
      const traffic = (pods[at] ??= this.podTraffic(proxy, w, w.pods[at]!))
      let entry = traffic.series.get(key)
      if (!entry) traffic.series.set(key, (entry = { exchange, stats: emptyStats() }))
      observe(entry.stats, latencyMs)
    }
  }

  private podTraffic(proxy: ProxyKind, w: Workload, pod: string): PodTraffic {
    const podKey = `${w.cluster}/${w.namespace}/${pod}`
    let traffic = this.pods.get(podKey)
    if (!traffic) {
      traffic = { cluster: w.cluster, namespace: w.namespace, pod, proxy, series: new Map() }
      this.pods.set(podKey, traffic)
    }
    return traffic
  }
}
