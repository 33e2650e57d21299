import 'server-only'
import type { TrafficSplit } from '@/lib/schemas'
import type { NextBackend } from '@/server/adapters/membership'
import { toRelativeWeights } from '@/lib/native-weights'
import { toPercents } from '@/lib/weights'
import {
  ROUTE_KINDS,
  type RouteData,
  type RouteKind,
  type RouteSpec,
  type WeightedTarget,
} from './native'

/** App Mesh takes 0–100 per weighted target, and 1–10 targets per route. */
const MAX_TARGET_WEIGHT = 100
export const MAX_TARGETS = 10

export const routeKindOf = (spec: RouteSpec | undefined): RouteKind | undefined =>
  ROUTE_KINDS.find((k) => spec?.[k])

export const targetsOf = (spec: RouteSpec | undefined): WeightedTarget[] => {
  const kind = routeKindOf(spec)
  return (kind && spec?.[kind]?.action?.weightedTargets) || []
}

/** A route that takes whatever no other route matched: prefix "/" (or no match) and nothing more. */
function isCatchAll(spec: RouteSpec | undefined): boolean {
  if (spec?.tcpRoute) return true
  const http = spec?.httpRoute ?? spec?.http2Route
  if (http) {
    const m = http.match
    return (
      !m?.headers?.length &&
      !m?.method &&
      !m?.queryParameters?.length &&
      !m?.path &&
      (m?.prefix ?? '/') === '/'
    )
  }
  const grpc = spec?.grpcRoute?.match
  return !!spec?.grpcRoute && !grpc?.serviceName && !grpc?.methodName && !grpc?.metadata?.length
}

/**
 * The route Meshpane owns among a router's routes: the catch-all one (the default traffic), and
 * among several, the one App Mesh tries last (highest priority number; none counts as last).
 * Header or path specific routes are left to the people who wrote them.
 */
export function ownedRoute(routes: readonly RouteData[]): RouteData | undefined {
  const rank = (r: RouteData) => [isCatchAll(r.spec) ? 0 : 1, -(r.spec?.priority ?? 1001)] as const
  const weighted = routes.filter((r) => targetsOf(r.spec).length > 0)
  return [...weighted].sort((a, b) => {
    const [ra, rb] = [rank(a), rank(b)]
    return ra[0] - rb[0] || ra[1] - rb[1] || a.routeName!.localeCompare(b.routeName!)
  })[0]
}

export const revisionOf = (route: RouteData) => String(route.metadata?.version ?? 0)

/** The route's weighted targets as percents; a node named twice (two ports) counts once, summed. */
export function splitOf(route: RouteData): TrafficSplit {
  const byNode = new Map<string, number>()
  for (const t of targetsOf(route.spec))
    byNode.set(t.virtualNode!, (byNode.get(t.virtualNode!) ?? 0) + (t.weight ?? 0))
  const names = [...byNode.keys()]
  const percents = toPercents([...byNode.values()])
  return {
    backends: names.map((name, i) => ({ name, weight: percents[i]! })),
    revision: revisionOf(route),
  }
}

/**
 * The route spec with its targets as `next` says (everything else as read): kept targets in their
 * order with new weights, then nodes joining (on the port the route's targets use). Unchanged
 * percents keep their native values; a node named twice gets its share on its first target.
 */
export function withTargets(spec: RouteSpec, next: readonly NextBackend[]): RouteSpec {
  const kind = routeKindOf(spec)!
  const targets = targetsOf(spec)
  const current = next.map((b) =>
    targets.filter((t) => t.virtualNode === b.name).reduce((s, t) => s + (t.weight ?? 0), 0),
  )
  const native = toRelativeWeights(
    next.map((b) => b.weight),
    current,
    MAX_TARGET_WEIGHT,
  )
  const weightOf = (node: string) => native[next.findIndex((b) => b.name === node)]!
  const seen = new Set<string>()
  const kept = targets
    .filter((t) => next.some((b) => b.name === t.virtualNode))
    .map((t) => {
      const first = !seen.has(t.virtualNode!)
      seen.add(t.virtualNode!)
      return { ...t, weight: first ? weightOf(t.virtualNode!) : 0 }
    })
  const port = targets[0]?.port
  const joined = next
    .filter((b) => b.joins)
    .map((b) => ({
      virtualNode: b.name,
      weight: weightOf(b.name),
      ...(port !== undefined && { port }),
    }))
  const route = spec[kind]!
  const weightedTargets = [...kept, ...joined]
  return { ...spec, [kind]: { ...route, action: { ...route.action, weightedTargets } } }
}
