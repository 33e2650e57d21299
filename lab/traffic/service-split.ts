import type { Store } from '../kube/store'
import type { Flow, FlowBackend, Upstream } from './model'
import { listOf } from './objects'

/** One backend Service a root Service's requests go to, with its (native, relative) weight. */
export type ServiceRef = { namespace: string; name: string; weight: number }

const key = (namespace: string, name: string) => `${namespace}/${name}`

/** A target's versions sharing `weight` as they share its pods, named `name`, reaching `upstream` if given. */
export function share(
  target: FlowBackend[],
  weight: number,
  name: string,
  upstream?: Upstream,
): FlowBackend[] {
  const pods = target.reduce((s, b) => s + b.weight, 0)
  return target.map((b) => ({
    ...b,
    name,
    ...(upstream && { upstream }),
    weight: pods > 0 ? (weight * b.weight) / pods : 0,
  }))
}

/**
 * A split over backend Services (an HTTPRoute's backendRefs, an SMI TrafficSplit's backends): each
 * root Service's requests go to its backend Services by weight, each backend Service's versions
 * sharing that weight as they share its pods; a backend Service no split roots at is called only
 * through the split, never directly, so its own flow goes. `upstream` names what the caller's proxy
 * reports reaching (OSM's backend Service); other flows keep their backends.
 */
export function splitOverServices(
  flows: Flow[],
  splits: Map<string, ServiceRef[]>,
  backendServices: Set<string>,
  upstream?: (target: Flow) => Upstream,
): Flow[] {
  const byService = new Map(flows.map((f) => [key(f.namespace, f.service), f]))
  return flows.flatMap((flow) => {
    const self = key(flow.namespace, flow.service)
    const refs = splits.get(self)
    if (!refs) return backendServices.has(self) ? [] : [flow]
    const backends = refs.flatMap((ref) => {
      const target = byService.get(key(ref.namespace, ref.name))
      return target ? share(target.backends, ref.weight, ref.name, upstream?.(target)) : []
    })
    return [{ ...flow, backends }]
  })
}

/**
 * The Services of one version of an app (`reviews-v3`: a selector narrowing another Service's in
 * its namespace): backends a split may name, called through the app's Service even before any
 * split names them.
 */
export function versionServices(store: Store): string[] {
  const services = listOf(store, 'v1', 'Service')
  const selectorOf = (s: (typeof services)[number]) =>
    Object.entries(
      ((s.spec as { selector?: Record<string, string> } | undefined)?.selector ?? {}) as Record<
        string,
        string
      >,
    )
  const byNamespace = new Map<string | undefined, typeof services>()
  for (const s of services) {
    const group = byNamespace.get(s.metadata.namespace)
    if (group) group.push(s)
    else byNamespace.set(s.metadata.namespace, [s])
  }
  return services
    .filter((s) => {
      const mine = selectorOf(s)
      return byNamespace.get(s.metadata.namespace)!.some((app) => {
        const theirs = selectorOf(app)
        return (
          app !== s &&
          theirs.length > 0 &&
          theirs.length < mine.length &&
          theirs.every(([k, v]) => mine.some(([mk, mv]) => mk === k && mv === v))
        )
      })
    })
    .map((s) => key(s.metadata.namespace ?? 'default', s.metadata.name ?? ''))
}
