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
  /** Changes whenever an answer above may have (knobs set at run time); flows are cached until then. */
  revision?(): number
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
const labelKey = (namespace: string, key: string, value: string) => `${namespace}\n${key}\n${value}`

/** Objects grouped by a key, each group in the order given. */
function groupBy<T>(items: T[], keyOf: (item: T) => string | string[]): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items)
    for (const key of [keyOf(item)].flat()) {
      const group = groups.get(key)
      if (group) group.push(item)
      else groups.set(key, [item])
    }
  return groups
}

export function istioFlows(cluster: string, store: Store, hints: TrafficHints = {}): Flow[] {
  const services = listOf(store, 'v1', 'Service')
  // Indexed once a tick (by namespace, by host), so a tick costs linear time in the cluster's objects.
  const podsByLabel = groupBy(
    listOf(store, 'v1', 'Pod').filter((p) => (p.status as Spec | undefined)?.phase !== 'Failed'),
    (p) =>
      Object.entries(p.metadata.labels ?? {}).map(([k, v]) =>
        labelKey(p.metadata.namespace ?? '', k, v),
      ),
  )
  const deployments = groupBy(
    listOf(store, 'apps/v1', 'Deployment'),
    (d) => d.metadata.namespace ?? '',
  )
  const virtualServices = groupBy(listOf(store, 'networking.istio.io/v1', 'VirtualService'), (v) =>
    ((v.spec as Spec | undefined)?.hosts ?? []).map((h: string) =>
      hostService(h, v.metadata.namespace),
    ),
  )
  const rules = groupBy(listOf(store, 'networking.istio.io/v1', 'DestinationRule'), (r) =>
    hostService((r.spec as Spec | undefined)?.host, r.metadata.namespace),
  )

  const workloadOf = (namespace: string, selected: KubeObject[], fallback: string): Workload => {
    const first = selected[0]?.metadata.labels ?? {}
    const deployment = deployments
      .get(namespace)
      ?.find((d) => matches(first, (d.spec as Spec | undefined)?.selector?.matchLabels))
    return {
      cluster,
      namespace,
      name: deployment?.metadata.name ?? fallback,
      app: first.app ?? fallback,
      version: first.version ?? 'unknown',
      pods: selected.map((p) => p.metadata.name!),
    }
  }
  // The pods of a namespace carrying the selector's first label, then those matching all of it.
  const podsOf = (namespace: string, selector: Record<string, string>) => {
    const [first] = Object.entries(selector)
    if (!first) return []
    return (podsByLabel.get(labelKey(namespace, ...first)) ?? []).filter((p) =>
      matches(p.metadata.labels, selector),
    )
  }

  return services.flatMap((svc) => {
    const namespace = svc.metadata.namespace ?? 'default'
    const name = svc.metadata.name!
    const selector: Record<string, string> | undefined = (svc.spec as Spec | undefined)?.selector
    if (SYSTEM_NAMESPACES.has(namespace) || !selector) return []
    const callerApps = [hints.caller?.(cluster, namespace, name) ?? []].flat()
    const behaviour = (version: string) => hints.behaviour?.(cluster, namespace, name, version)
    const route = defaultRoute(virtualServices.get(`${namespace}/${name}`) ?? [])
    const backends: FlowBackend[] = route
      ? route.map((d) => {
          const subset = d.destination?.subset as string | undefined
          const labels = subsetLabels(rules.get(`${namespace}/${name}`) ?? [], subset)
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

/** The default route of the first VirtualService for the host (those given all route it). */
function defaultRoute(virtualServices: KubeObject[]): Spec[] | null {
  const vs = virtualServices[0]
  const http: Spec[] = (vs?.spec as Spec | undefined)?.http ?? []
  const route = [...http].reverse().find((r) => !r.match || r.match.length === 0)?.route
  return Array.isArray(route) && route.length > 0 ? route : null
}

/** The labels of a subset in the first DestinationRule for the host (those given all are for it). */
function subsetLabels(rules: KubeObject[], subset?: string) {
  if (!subset) return {}
  const rule = rules[0]
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
