import type { Store } from '../kube/store'
import type { KubeObject } from '../kube/types'
import type { Behaviour } from './behaviour'
import type { Flow, FlowBackend, Workload } from './model'
import { listOf, type Spec } from './objects'

/** What the scenario says about traffic that the cluster's objects cannot: load, callers, behaviour. */
export type TrafficHints = {
  /** Requests per second a service receives (default 50). */
  rps?(cluster: string, namespace: string, service: string): number | undefined
  /** The app (in the same namespace) that calls this service, e.g. productpage → reviews, or several. */
  caller?(cluster: string, namespace: string, service: string): string | string[] | undefined
  behaviour?(
    cluster: string,
    namespace: string,
    service: string,
    version: string,
  ): Behaviour | undefined
}

const DEFAULT_RPS = 50
const SYSTEM_NAMESPACES = new Set([
  'kube-system',
  'kube-public',
  'istio-system',
  'linkerd',
  'linkerd-viz',
])

const matches = (
  labels: Record<string, string> | undefined,
  selector: Record<string, string> | undefined,
) =>
  !!selector &&
  Object.keys(selector).length > 0 &&
  Object.entries(selector).every(([k, v]) => labels?.[k] === v)

/**
 * The flows of one Istio cluster, read from its store every tick: each Service's traffic goes where
 * the default (last, match-less) http route of its VirtualService sends it, subset by subset; a
 * Service without a VirtualService spreads over its versions by pod count, as kube-proxy would.
 */
export function istioFlows(cluster: string, store: Store, hints: TrafficHints = {}): Flow[] {
  const services = listOf(store, 'v1', 'Service')
  const pods = listOf(store, 'v1', 'Pod').filter(
    (p) => (p.status as Spec | undefined)?.phase !== 'Failed',
  )
  const deployments = listOf(store, 'apps/v1', 'Deployment')
  const virtualServices = listOf(store, 'networking.istio.io/v1', 'VirtualService')
  const rules = listOf(store, 'networking.istio.io/v1', 'DestinationRule')

  const workloadOf = (namespace: string, selected: KubeObject[], fallback: string): Workload => {
    const first = selected[0]?.metadata.labels ?? {}
    const deployment = deployments.find(
      (d) =>
        d.metadata.namespace === namespace &&
        matches(first, (d.spec as Spec | undefined)?.selector?.matchLabels),
    )
    return {
      cluster,
      namespace,
      name: deployment?.metadata.name ?? fallback,
      app: first.app ?? fallback,
      version: first.version ?? 'unknown',
      pods: selected.map((p) => p.metadata.name!),
    }
  }
  const podsOf = (namespace: string, selector: Record<string, string>) =>
    pods.filter((p) => p.metadata.namespace === namespace && matches(p.metadata.labels, selector))

  return services.flatMap((svc) => {
    const namespace = svc.metadata.namespace ?? 'default'
    const name = svc.metadata.name!
    const selector: Record<string, string> | undefined = (svc.spec as Spec | undefined)?.selector
    if (SYSTEM_NAMESPACES.has(namespace) || !selector) return []
    const callerApps = [hints.caller?.(cluster, namespace, name) ?? []].flat()
    const behaviour = (version: string) => hints.behaviour?.(cluster, namespace, name, version)
    const route = defaultRoute(virtualServices, namespace, name)
    const backends: FlowBackend[] = route
      ? route.map((d) => {
          const subset = d.destination?.subset as string | undefined
          const labels = subsetLabels(rules, namespace, name, subset)
          const selected = podsOf(namespace, { ...selector, ...labels })
          const workload = workloadOf(namespace, selected, `${name}-${subset ?? 'default'}`)
          const weight = typeof d.weight === 'number' ? d.weight : route.length === 1 ? 100 : 0
          return { name: subset ?? name, weight, workload, behaviour: behaviour(workload.version) }
        })
      : byVersion(podsOf(namespace, selector)).map(([version, selected]) => ({
          name: version,
          weight: selected.length,
          workload: workloadOf(namespace, selected, name),
          behaviour: behaviour(version),
        }))
    const port = Number((svc.spec as Spec).ports?.[0]?.port ?? 80)
    const rps = hints.rps?.(cluster, namespace, name) ?? DEFAULT_RPS
    // Several callers share the service's load; a caller without pods is a source outside the mesh.
    const sources = (callerApps.length ? callerApps : [null]).map((app) => {
      const callerPods = app ? podsOf(namespace, { app }) : []
      return callerPods.length ? workloadOf(namespace, callerPods, app!) : null
    })
    return sources.map((source) => ({
      proxy: 'istio' as const,
      cluster,
      namespace,
      service: name,
      port,
      rps: rps / sources.length,
      source,
      backends,
    }))
  })
}

/**
 * `namespace/name` of the Service a host names, resolved as Istio does: a short name in the
 * namespace of the object naming it, `name.namespace[.svc...]` wherever the object is.
 */
export function hostService(host: unknown, namespace: string | undefined): string {
  const [name, ns = namespace ?? 'default'] = String(host ?? '').split('.')
  return `${ns}/${name}`
}

function defaultRoute(
  virtualServices: KubeObject[],
  namespace: string,
  service: string,
): Spec[] | null {
  const vs = virtualServices.find((v) =>
    ((v.spec as Spec | undefined)?.hosts ?? []).some(
      (h: string) => hostService(h, v.metadata.namespace) === `${namespace}/${service}`,
    ),
  )
  const http: Spec[] = (vs?.spec as Spec | undefined)?.http ?? []
  const route = [...http].reverse().find((r) => !r.match || r.match.length === 0)?.route
  return Array.isArray(route) && route.length > 0 ? route : null
}

function subsetLabels(rules: KubeObject[], namespace: string, service: string, subset?: string) {
  if (!subset) return {}
  const rule = rules.find(
    (r) =>
      hostService((r.spec as Spec | undefined)?.host, r.metadata.namespace) ===
      `${namespace}/${service}`,
  )
  const found = ((rule?.spec as Spec | undefined)?.subsets ?? []).find(
    (s: Spec) => s.name === subset,
  )
  // A subset with no DestinationRule entry selects nothing: its requests find no pod, as in Istio (503 NR).
  return found?.labels ?? { 'lab.meshpane.dev/no-subset': subset }
}

function byVersion(selected: KubeObject[]): [string, KubeObject[]][] {
  const groups = new Map<string, KubeObject[]>()
  for (const p of selected) {
    const v = p.metadata.labels?.version ?? 'unknown'
    groups.set(v, [...(groups.get(v) ?? []), p])
  }
  return [...groups.entries()]
}
