import 'server-only'
import type { RoutingObject } from '@/lib/schemas'
import type { ObjectMeta } from './objects'

/**
 * When several objects route one service, the one the data plane obeys. Every mesh here resolves
 * such conflicts the same way, so this is the one place that decides:
 * - Gateway API (and so Linkerd and GAMMA): conflicting routes are ordered by the oldest
 *   creationTimestamp, then alphabetically by namespace/name (HTTPRouteRule precedence).
 * - Istio: mesh HTTPRoutes become internal VirtualServices, and for one host the oldest
 *   VirtualService wins (istio/istio#10464, sortConfigByCreationTime); real VirtualServices are
 *   listed before converted routes, so on a tie the VirtualService wins (`rank` below).
 * - SMI and Consul have one object per service by construction (the split's root service, the
 *   splitter named after the service), so they never reach here with more than one.
 */
export type Contender = { meta: ObjectMeta; rank: number }

/**
 * Across the meshes of one cluster: of the routing objects each mesh would write for one service,
 * the one the data plane obeys (a VirtualService wins a tie against a converted route, as above).
 */
export function winningObject(objects: readonly RoutingObject[]): RoutingObject | undefined {
  return winner(
    objects.map((object) => ({
      object,
      rank: object.kind === 'VirtualService' ? 0 : 1,
      meta: { name: object.name, namespace: object.namespace, creationTimestamp: object.createdAt },
    })),
  )?.object
}

export function winner<T extends Contender>(contenders: readonly T[]): T | undefined {
  return [...contenders].sort(compare)[0]
}

function compare(a: Contender, b: Contender): number {
  const ta = a.meta.creationTimestamp ?? ''
  const tb = b.meta.creationTimestamp ?? ''
  if (ta !== tb) return ta < tb ? -1 : 1
  if (a.rank !== b.rank) return a.rank - b.rank
  const na = `${a.meta.namespace ?? ''}/${a.meta.name}`
  const nb = `${b.meta.namespace ?? ''}/${b.meta.name}`
  return na < nb ? -1 : na > nb ? 1 : 0
}
