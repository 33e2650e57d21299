import 'server-only'
import { toPercents } from '@/lib/weights'
import type { SplitUpdate, TrafficSplit } from '@/lib/schemas'
import { revisionTest, type JsonPatchOp } from '@/server/adapters/k8s/guarded-patch'
import { matchesOf } from './matches'
import { backendName, type HttpRoute, type RouteDestination, type VirtualService } from './native'

/** The route whose weights Meshpane owns: the default (last, match-less) http route with subsets. */
export type OwnedRoute = { index: number; route: RouteDestination[] }

export function ownedRoute(vs: VirtualService): OwnedRoute | null {
  const http = vs.spec.http ?? []
  for (let index = http.length - 1; index >= 0; index--) {
    const entry: HttpRoute = http[index]!
    if (entry.match && entry.match.length > 0) continue
    const route = entry.route ?? []
    return route.some((d) => d.destination.subset) ? { index, route } : null
  }
  return null
}

/** Istio: a lone destination without weight takes all traffic; otherwise missing weight is 0. */
export const nativeWeights = (route: RouteDestination[]) =>
  route.map((d) => d.weight ?? (route.length === 1 ? 100 : 0))

export function splitOf(vs: VirtualService, owned: OwnedRoute): TrafficSplit {
  const percents = toPercents(nativeWeights(owned.route))
  return {
    backends: owned.route.map((d, i) => ({ name: backendName(d), weight: percents[i]! })),
    matches: matchesOf(vs, owned),
    revision: vs.metadata.resourceVersion ?? '',
  }
}

/** The desired percents in the order of the native route (names already checked). */
export function desiredWeights(owned: OwnedRoute, desired: SplitUpdate): number[] {
  const byName = new Map(desired.backends.map((b) => [b.name, b.weight]))
  return owned.route.map((d) => byName.get(backendName(d)) ?? 0)
}

/**
 * The JSON Patch that writes only the weights, guarded by the revision the client read: if the
 * object changed since, the server refuses the whole patch and nothing is written.
 */
export function weightPatch(owned: OwnedRoute, weights: number[], revision: string): JsonPatchOp[] {
  return [
    revisionTest(revision),
    ...owned.route.map((d, j) => ({
      // `add` sets a member that may be absent (a lone destination without weight); `replace` needs it present.
      op: d.weight === undefined ? ('add' as const) : ('replace' as const),
      path: `/spec/http/${owned.index}/route/${j}/weight`,
      value: weights[j]!,
    })),
  ]
}

/** The object as it would be after the patch (for the preview); the input is not modified. */
export function withWeights(
  vs: VirtualService,
  owned: OwnedRoute,
  weights: number[],
): VirtualService {
  const next = structuredClone(vs)
  next.spec.http![owned.index]!.route!.forEach((d, j) => (d.weight = weights[j]!))
  return next
}
