import 'server-only'
import type { MeshService, RoutingObject } from '@/lib/schemas'
import { winningObject } from '@/server/adapters/k8s/precedence'

const where = (s: MeshService) => `${s.namespace}/${s.name}`
const activeOf = (s: MeshService): RoutingObject | undefined => s.routing.find((r) => r.active)

/**
 * A service routed by several meshes of one cluster (an Istio VirtualService and a GAMMA HTTPRoute
 * for the same Service) is one service. The mesh whose active object wins (precedence.ts) claims
 * it: `winner` is its listing with every mesh's routing objects, only its own marked active.
 */
export function claimOf(service: MeshService, rivals: readonly MeshService[]): MeshService {
  const same = rivals.filter((r) => r.id !== service.id && where(r) === where(service))
  const contenders = [service, ...same].filter((s) => activeOf(s))
  if (contenders.length < 2) return service
  const top = winningObject(contenders.map((s) => activeOf(s)!))
  const winner = contenders.find((s) => activeOf(s) === top)!
  const others = [service, ...same].filter((s) => s !== winner)
  return {
    ...winner,
    routing: [
      ...winner.routing,
      ...others.flatMap((s) => s.routing.map((r) => ({ ...r, active: false }))),
    ],
  }
}

/** A mesh's own services, less those another mesh of the cluster claims, merged where it claims them. */
export function claimedServices(own: readonly MeshService[], rivals: readonly MeshService[]) {
  // Rivals by place once: a list is polled every few seconds, and meshes can list thousands.
  const byPlace = new Map<string, MeshService[]>()
  for (const r of rivals) byPlace.set(where(r), [...(byPlace.get(where(r)) ?? []), r])
  return own.flatMap((s) => {
    const claimed = claimOf(s, byPlace.get(where(s)) ?? [])
    return claimed.id === s.id ? [claimed] : []
  })
}
