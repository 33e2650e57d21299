import 'server-only'
import type { CandidateBackend } from '@/lib/schemas'
import type { NextBackend } from '@/server/adapters/membership'
import { fqdn } from './hosts'
import { backendName, type RouteDestination } from './native'
import type { RulesByHost } from './rule-index'
import type { OwnedRoute } from './split'

/** A subset the owned route could send to: its name, and the destination a write would add. */
export type SubsetCandidate = { name: string; destination: RouteDestination['destination'] }

/** The host the owned route sends to (its first destination with a subset), as written and as an FQDN. */
export function routedHost(owned: OwnedRoute, namespace: string) {
  const { destination } = owned.route.find((d) => d.destination.subset)!
  return { destination, fqdn: fqdn(destination.host, namespace) }
}

/**
 * The subsets that DestinationRules define for the routed host and the owned route does not name:
 * each could take traffic, written like the route's own destinations (same host and port).
 */
export function subsetCandidates(
  owned: OwnedRoute,
  namespace: string,
  rules: RulesByHost,
): SubsetCandidate[] {
  const { destination, fqdn: host } = routedHost(owned, namespace)
  const routed = new Set(owned.route.map(backendName))
  const names = rules
    .of(host)
    .flatMap((r) => r.spec.subsets ?? [])
    .map((s) => s.name)
  return [...new Set(names)]
    .filter((name) => !routed.has(name))
    .map((name) => ({
      name,
      destination: {
        host: destination.host,
        subset: name,
        ...(destination.port && { port: structuredClone(destination.port) }),
      },
    }))
}

export const asCandidates = (found: readonly SubsetCandidate[]): CandidateBackend[] =>
  found.map((c) => ({ name: c.name, weight: 0 }))

/**
 * The owned route after a write: kept destinations with their new weights, then those joining. A
 * destination written without weight that is left alone again stays so (Istio's "all traffic").
 */
export function nextRoute(
  owned: OwnedRoute,
  next: readonly NextBackend[],
  candidates: readonly SubsetCandidate[],
): RouteDestination[] {
  return next.map((b) => {
    if (!b.joins) {
      const kept = structuredClone(owned.route.find((d) => backendName(d) === b.name)!)
      return next.length === 1 && kept.weight === undefined ? kept : { ...kept, weight: b.weight }
    }
    const { destination } = candidates.find((c) => c.name === b.name)!
    return { destination: structuredClone(destination), weight: b.weight }
  })
}
