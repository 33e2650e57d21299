import type { Store } from '../kube/store'
import type { KubeObject } from '../kube/types'
import { envoyMeshFlows } from './envoy-mesh-flows'
import { hostService, istioFlows, type TrafficHints } from './istio-flows'
import type { Flow, ProxyKind } from './model'
import { listOf, type Spec } from './objects'
import { splitOverServices, versionServices, type ServiceRef } from './service-split'

/** One cluster of the traffic model: its store and the proxy its mesh reports traffic with. */
export type TrafficCluster = { name: string; store: Store; proxy: ProxyKind }

const HTTPROUTE_APIS = ['gateway.networking.k8s.io/v1', 'policy.linkerd.io/v1beta3']

const isServiceParent = (p: Spec) =>
  p.kind === 'Service' && (p.group === '' || p.group === 'core' || p.group === undefined)

/** The catch-all rule with backends (the one traffic without headers takes), as the meshes read it. */
const weightedRule = (route: KubeObject): Spec | undefined =>
  [...(((route.spec as Spec | undefined)?.rules ?? []) as Spec[])]
    .reverse()
    .find(
      (r) =>
        r.backendRefs?.length &&
        (!r.matches?.length ||
          r.matches.every(
            (m: Spec) =>
              !m.headers?.length &&
              !m.method &&
              (!m.path || (m.path.type === 'PathPrefix' && m.path.value === '/')),
          )),
    )

/**
 * Every cluster's flows, whichever mesh routes them, reported by the proxy its scenario's meshes
 * bring (meshes.ts): a Linkerd cluster's proxies report in Linkerd's format; a Service routed by
 * an HTTPRoute (GAMMA, Linkerd) and by no VirtualService (which would win, see the server's
 * precedence rules) splits over the route's backend Services by weight;
 * those backend Services are called through the route, never directly. OSM and Consul clusters
 * follow their TrafficSplits and ServiceSplitters, reported by their Envoys (envoy-mesh-flows.ts).
 */
export function meshFlows(cluster: TrafficCluster, hints: TrafficHints = {}): Flow[] {
  const { store, proxy } = cluster
  const flows = istioFlows(cluster.name, store, hints)
  if (proxy === 'osm' || proxy === 'consul') return envoyMeshFlows(proxy, store, flows)
  const routes = HTTPROUTE_APIS.flatMap((api) => listOf(store, api, 'HTTPRoute'))
  const hosts = new Set(
    listOf(store, 'networking.istio.io/v1', 'VirtualService').flatMap((vs) =>
      ((vs.spec as Spec | undefined)?.hosts ?? []).map((h: string) =>
        hostService(h, vs.metadata.namespace),
      ),
    ),
  )
  const routed = new Map<string, ServiceRef[]>()
  const backendServices = new Set<string>(versionServices(store))
  for (const route of routes) {
    const rule = weightedRule(route)
    const namespace = route.metadata.namespace ?? 'default'
    const refs = (rule?.backendRefs ?? []) as Spec[]
    for (const ref of refs) backendServices.add(`${ref.namespace ?? namespace}/${ref.name}`)
    for (const parent of ((route.spec as Spec | undefined)?.parentRefs ?? []) as Spec[]) {
      if (!rule || !isServiceParent(parent)) continue
      const parentNamespace = parent.namespace ?? namespace
      routed.set(
        `${parentNamespace}/${parent.name}`,
        refs.map((ref) => ({
          namespace: ref.namespace ?? parentNamespace,
          name: ref.name,
          weight: typeof ref.weight === 'number' ? ref.weight : 1,
        })),
      )
    }
  }
  // A Service a VirtualService routes keeps its own backends: the VirtualService wins.
  for (const host of hosts) if (routed.delete(host)) backendServices.delete(host)
  return splitOverServices(flows, routed, backendServices).map((flow) => ({ ...flow, proxy }))
}
