import 'server-only'
import { toPercents } from '@/lib/weights'
import { httpRouteWeight } from '@/lib/native-weights'
import { z } from 'zod'
import type { RoutingObject, TrafficSplit } from '@/lib/schemas'
import { listSorted } from '@/server/adapters/k8s/list-sorted'
import { winner } from '@/server/adapters/k8s/precedence'
import { problemsByConcern, type Rejected } from '@/server/adapters/problems'
import type { SourceHandle } from '@/server/sources/source'
import { HttpRoute, ParentRef, routesPath, type RouteApi } from './native'
import { matchesOf, weightedRuleIndex } from './rules'

/** A route with the API it was read from, so a write goes back to the same group and version. */
export type Routed = { route: HttpRoute; api: RouteApi; rank: number; meta: HttpRoute['metadata'] }

/** GAMMA: the parent is a Service, group "" (the spec) or "core" (Linkerd's docs). */
const isServiceParent = (p: ParentRef) =>
  p.kind === 'Service' && (p.group === '' || p.group === 'core' || p.group === undefined)

/** `namespace/name` of every Service the route attaches to. */
const servicesOf = (parentRefs: readonly ParentRef[], namespace: string | undefined) =>
  parentRefs
    .filter(isServiceParent)
    .map((p) => `${p.namespace ?? namespace ?? 'default'}/${p.name}`)

export const parentServices = (route: HttpRoute): string[] =>
  servicesOf(route.spec.parentRefs ?? [], route.metadata.namespace)

/** The parents of a route that does not fit its schema, read as far as they can be. */
const Parents = z
  .looseObject({
    metadata: z.looseObject({ namespace: z.string().optional().catch(undefined) }),
    spec: z.looseObject({ parentRefs: z.array(ParentRef) }),
  })
  .transform((r) => servicesOf(r.spec.parentRefs, r.metadata.namespace))
  .catch([])

/** The problems of routes that did not fit, by the parent (`namespace/name`) they attach to. */
export const problemsByParent = (rejected: readonly Rejected[]) =>
  problemsByConcern(rejected, (raw) => Parents.parse(raw))

/**
 * Every HTTPRoute of the given APIs (an API the cluster does not serve contributes none), and
 * those that do not fit the schema.
 */
export async function listRoutes(
  source: SourceHandle,
  apis: RouteApi[],
  signal: AbortSignal,
): Promise<{ routes: Routed[]; rejected: Rejected[] }> {
  const lists = await Promise.all(
    apis.map((api) => listSorted(source, routesPath(api), HttpRoute, signal)),
  )
  return {
    routes: lists.flatMap(({ objects }, rank) =>
      objects.map((route) => ({ route, api: apis[rank]!, rank, meta: route.metadata })),
    ),
    rejected: lists.flatMap((l) => l.rejected),
  }
}

/** The routes attached to each parent Service, keyed `namespace/name`. */
export function byParent(routes: Routed[]): Map<string, Routed[]> {
  const map = new Map<string, Routed[]>()
  for (const r of routes)
    for (const parent of parentServices(r.route)) {
      const contenders = map.get(parent)
      if (contenders) contenders.push(r)
      else map.set(parent, [r])
    }
  return map
}

/** The route that wins for the service (see precedence.ts), if it has a weighted rule. */
export function activeRoute(contenders: Routed[]): Routed | null {
  const active = winner(contenders)
  return active && weightedRuleIndex(active.route) >= 0 ? active : null
}

export const routingObjects = (contenders: Routed[], active: Routed): RoutingObject[] =>
  contenders.map((c) => ({
    kind: 'HTTPRoute',
    apiVersion: `${c.api.group}/${c.api.version}`,
    namespace: c.meta.namespace,
    name: c.meta.name,
    active: c === active,
    ...(c.meta.creationTimestamp && { createdAt: c.meta.creationTimestamp }),
  }))

export function splitOf(route: HttpRoute): TrafficSplit {
  const refs = route.spec.rules![weightedRuleIndex(route)]!.backendRefs!
  const percents = toPercents(refs.map((b) => httpRouteWeight(b.weight)))
  return {
    backends: refs.map((b, i) => ({ name: b.name, weight: percents[i]! })),
    matches: matchesOf(route),
    revision: route.metadata.resourceVersion ?? '',
  }
}
