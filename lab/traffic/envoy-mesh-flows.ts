import type { Store } from '../kube/store'
import type { KubeObject } from '../kube/types'
import type { Flow, FlowBackend } from './model'
import { listOf, type Spec } from './objects'
import { share, splitOverServices, versionServices, type ServiceRef } from './service-split'

/** The Envoy-based meshes whose splits the lab follows: OSM (SMI TrafficSplit) and Consul (ServiceSplitter). */
export type EnvoyMesh = 'osm' | 'consul'

// Every TrafficSplit version is served from one stored copy: listing one version lists them all.
const TRAFFIC_SPLIT = 'split.smi-spec.io/v1alpha4'
const CONSUL = 'consul.hashicorp.com/v1alpha1'

const spec = (o: KubeObject) => (o.spec ?? {}) as Spec
const ns = (o: KubeObject) => o.metadata.namespace ?? 'default'
const key = (namespace: string, name: string) => `${namespace}/${name}`

const SUFFIX: Record<string, number> = { '': 1, m: 1e-3, k: 1e3, M: 1e6, G: 1e9 }

/** A TrafficSplit weight: a whole number (v1alpha2 on) or a Kubernetes quantity such as `900m` (v1alpha1). */
function splitWeight(weight: unknown): number {
  if (typeof weight === 'number') return weight
  const m = /^\s*([0-9]+(?:\.[0-9]+)?)(m|k|M|G)?\s*$/.exec(String(weight ?? ''))
  return m ? Number(m[1]) * SUFFIX[m[2] ?? '']! : 0
}

/** OSM reads a root (`bookstore`, `bookstore.bookstore`, an FQDN) by its first label. */
const rootName = (root: unknown) =>
  String(root ?? '')
    .split('.')[0]!
    .split(':')[0]!

/**
 * OSM: the caller's Envoy sends a TrafficSplit root Service's requests to the backend Services'
 * clusters by the stored weights (every spec version; a split with `matches` only takes matching
 * requests, so plain traffic follows the one without); backend Services are not called directly.
 */
function osmFlows(store: Store, flows: Flow[]): Flow[] {
  const roots = new Map<string, ServiceRef[]>()
  const backendServices = new Set<string>(versionServices(store))
  for (const ts of listOf(store, TRAFFIC_SPLIT, 'TrafficSplit')) {
    const backends: Spec[] = spec(ts).backends ?? []
    for (const b of backends) backendServices.add(key(ns(ts), b.service))
    const root = key(ns(ts), rootName(spec(ts).service))
    if (!spec(ts).matches?.length && !roots.has(root))
      roots.set(
        root,
        backends.map((b) => ({
          namespace: ns(ts),
          name: b.service,
          weight: splitWeight(b.weight),
        })),
      )
  }
  const upstream = (f: Flow) => ({ service: f.service, namespace: f.namespace, port: f.port })
  return splitOverServices(flows, roots, backendServices, upstream).map((flow) => ({
    ...flow,
    proxy: 'osm' as const,
    backends: roots.has(key(flow.namespace, flow.service))
      ? flow.backends
      : share(flow.backends, 1, flow.service, upstream(flow)),
  }))
}

/** A subset filter `Service.Meta.<key> == <value>`: consul-k8s takes Service.Meta from the pod's service-meta annotations. */
function subsetPredicate(filter: string | undefined | false, pods: Map<string, KubeObject>) {
  const m = /^\s*Service\.Meta\.([\w-]+)\s*==\s*"?([^"]+?)"?\s*$/.exec(filter || '')
  if (!m) return () => true
  const [, meta, value] = m as unknown as [string, string, string]
  return (namespace: string, pod: string) => {
    const p = pods.get(key(namespace, pod))
    return (
      (p?.metadata.annotations?.[`consul.hashicorp.com/service-meta-${meta}`] ??
        p?.metadata.labels?.[meta]) === value
    )
  }
}

/**
 * Consul: the caller's Envoy splits a service's requests by its ServiceSplitter's float weights
 * over the targets (a subset of the service or of another, resolved through the target's
 * ServiceResolver filter; no subset means the resolver's default subset, else every instance).
 */
function consulFlows(store: Store, flows: Flow[]): Flow[] {
  const byService = new Map(flows.map((f) => [key(f.namespace, f.service), f]))
  const splitters = new Map(
    listOf(store, CONSUL, 'ServiceSplitter').map((s) => [key(ns(s), s.metadata.name!), s]),
  )
  const resolvers = new Map(
    listOf(store, CONSUL, 'ServiceResolver').map((r) => [key(ns(r), r.metadata.name!), r]),
  )
  const pods = new Map(
    listOf(store, 'v1', 'Pod').map((p) => [key(ns(p), p.metadata.name!), p] as const),
  )
  const target = (
    namespace: string,
    service: string,
    subset: string | undefined,
    weight: number,
    name: string,
  ): FlowBackend[] => {
    const flow = byService.get(key(namespace, service))
    const resolver = resolvers.get(key(namespace, service))?.spec as Spec | undefined
    const chosen: string | undefined = subset ?? resolver?.defaultSubset
    // A subset without a filter takes every instance, as in Consul.
    const selects = subsetPredicate(chosen && resolver?.subsets?.[chosen]?.filter, pods)
    const upstream = { service, namespace, port: flow?.port ?? 0, subset: chosen ?? '' }
    const versions = (flow?.backends ?? []).map((b) => {
      const kept = b.workload.pods.filter((p) => selects(namespace, p))
      return { ...b, weight: kept.length, workload: { ...b.workload, pods: kept } }
    })
    const serving = versions.filter((b) => b.weight > 0)
    // A subset that selects no instance still takes its share: the caller's Envoy answers it (503).
    if (serving.length === 0 && versions[0]) return [{ ...versions[0], name, upstream, weight }]
    return share(serving, weight, name, upstream)
  }
  return flows.map((flow) => {
    const splitter = splitters.get(key(flow.namespace, flow.service))
    const splits: Spec[] = splitter ? (spec(splitter).splits ?? []) : []
    const backends = splitter
      ? splits.flatMap((s) =>
          target(
            s.namespace ?? flow.namespace,
            s.service ?? flow.service,
            s.serviceSubset,
            Number(s.weight ?? 0),
            s.serviceSubset ?? s.service ?? flow.service,
          ),
        )
      : target(flow.namespace, flow.service, undefined, 1, flow.service)
    return { ...flow, proxy: 'consul' as const, backends }
  })
}

/** The flows of an OSM or Consul cluster, split by the routing stored now (read every tick). */
export function envoyMeshFlows(mesh: EnvoyMesh, store: Store, flows: Flow[]): Flow[] {
  return mesh === 'osm' ? osmFlows(store, flows) : consulFlows(store, flows)
}
