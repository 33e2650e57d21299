import 'server-only'
import { toHttpRouteWeights } from '@/lib/native-weights'
import type { SplitMatch } from '@/lib/schemas'
import { cookieRegex, matchOfHeaders, replacePins } from '@/server/adapters/matches'
import type { HeaderMatchNative, HttpRoute, RouteMatch, RouteRule } from './native'

/** A rule that matches every request: no conditions, or only the path prefix `/`. */
const catchAll = (m: RouteMatch) =>
  !m.headers?.length &&
  !m.queryParams?.length &&
  !m.method &&
  (!m.path || (m.path.type === 'PathPrefix' && m.path.value === '/'))

/**
 * The rule whose weights Meshpane owns: the last catch-all rule with backends. Rules with path,
 * method or query conditions are someone's deliberate routing and stay untouched.
 */
export function weightedRuleIndex(route: HttpRoute): number {
  const rules = route.spec.rules ?? []
  for (let i = rules.length - 1; i >= 0; i--) {
    const r = rules[i]!
    if ((r.backendRefs?.length ?? 0) > 0 && (!r.matches?.length || r.matches.every(catchAll)))
      return i
  }
  return -1
}

/** A header-only rule sending everything it matches to one backend: how a match pin is written. */
export function isPinRule(rule: RouteRule): boolean {
  return (
    rule.backendRefs?.length === 1 &&
    !!rule.matches?.length &&
    rule.matches.every(
      (m) =>
        !!m.headers?.length &&
        !m.queryParams?.length &&
        !m.method &&
        (!m.path || catchAll({ path: m.path })),
    )
  )
}

/** A cookie is a regex on the Cookie header (matches.ts has the pattern written and recognised). */
const cookieHeader = (c: { name: string; value: string }): HeaderMatchNative => ({
  type: 'RegularExpression',
  name: 'cookie',
  value: cookieRegex(c),
})

const matchOf = (backend: string, m: RouteMatch): SplitMatch =>
  matchOfHeaders(
    backend,
    (m.headers ?? []).map((h) => ({
      name: h.name,
      value: h.value,
      regex: h.type === 'RegularExpression',
    })),
  )

/** Every match pin of the route, in rule order (a rule's several matches are alternatives). */
export const matchesOf = (route: HttpRoute): SplitMatch[] =>
  (route.spec.rules ?? [])
    .filter(isPinRule)
    .flatMap((r) => (r.matches ?? []).map((m) => matchOf(r.backendRefs![0]!.name, m)))

function pinRule(match: SplitMatch, like: RouteRule): RouteRule {
  const ref = like.backendRefs!.find((b) => b.name === match.backend)!
  const backendRef = { ...ref }
  delete backendRef.weight // a pin sends everything to its one backend
  const headers: HeaderMatchNative[] = (match.headers ?? []).map((h) => ({
    type: h.type === 'regex' ? 'RegularExpression' : 'Exact',
    name: h.name,
    value: h.value,
  }))
  if (match.cookie) headers.push(cookieHeader(match.cookie))
  return { matches: [{ headers }], backendRefs: [backendRef] }
}

/**
 * The route's rules with new weights on the weighted rule and, when `matches` is given, the pin
 * rules replaced by one rule per match, placed where the first pin was (else before the weighted
 * rule). Every other rule and field is carried over as it was.
 */
export function rewrittenRules(
  route: HttpRoute,
  percents: number[],
  matches?: SplitMatch[],
): RouteRule[] {
  const rules = structuredClone(route.spec.rules ?? [])
  const index = weightedRuleIndex(route)
  const weighted = rules[index]!
  const weights = toHttpRouteWeights(
    percents,
    weighted.backendRefs!.map((b) => b.weight),
  )
  weighted.backendRefs!.forEach((b, j) => {
    if (b.weight !== undefined || weights[j] !== 1) b.weight = weights[j]!
  })
  if (!matches) return rules
  return replacePins(
    rules,
    isPinRule,
    weighted,
    matches.map((m) => pinRule(m, weighted)),
  )
}
