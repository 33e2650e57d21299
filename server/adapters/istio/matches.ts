import 'server-only'
import type { SplitMatch } from '@/lib/schemas'
import { cookieRegex, matchOfHeaders, replacePins } from '@/server/adapters/matches'
import { ValidationError } from '@/server/errors'
import {
  backendName,
  type HttpMatchRequest,
  type HttpRoute,
  type RouteDestination,
  type StringMatch,
  type VirtualService,
} from './native'
import type { OwnedRoute } from './split'

const only = (o: object, allowed: string[]) => Object.keys(o).every((k) => allowed.includes(k))

/** exact or regex, nothing else (a prefix has no unified form). */
const simple = (m: StringMatch) => only(m, ['exact', 'regex']) && Object.keys(m).length === 1

/**
 * A match pin: an http route whose conditions are headers only (exact or regex) and which sends
 * everything to one subset of the owned route. Any other condition or setting (uri, fault,
 * timeout, ...) is someone's deliberate routing and stays untouched.
 */
function isPin(entry: HttpRoute, owned: OwnedRoute): boolean {
  const [dest, ...more] = entry.route ?? []
  return (
    !!dest &&
    more.length === 0 &&
    only(entry, ['name', 'match', 'route']) &&
    only(dest, ['destination', 'weight']) &&
    owned.route.some(
      (d) =>
        d.destination.host === dest.destination.host &&
        d.destination.subset !== undefined &&
        d.destination.subset === dest.destination.subset,
    ) &&
    !!entry.match?.length &&
    entry.match.every(
      (m) =>
        only(m, ['name', 'headers']) &&
        Object.keys(m.headers ?? {}).length > 0 &&
        Object.values(m.headers!).every(simple),
    )
  )
}

const matchOf = (backend: string, m: HttpMatchRequest): SplitMatch =>
  matchOfHeaders(
    backend,
    Object.entries(m.headers ?? {}).map(([name, v]) => ({
      name,
      value: v.regex ?? v.exact!,
      regex: v.regex !== undefined,
    })),
  )

/** Every match pin before the owned route, in order (an entry's several matches are alternatives). */
export const matchesOf = (vs: VirtualService, owned: OwnedRoute): SplitMatch[] =>
  (vs.spec.http ?? [])
    .slice(0, owned.index)
    .filter((e) => isPin(e, owned))
    .flatMap((e) => e.match!.map((m) => matchOf(backendName(e.route![0]!), m)))

/** Istio keys header conditions by name: one name twice in a match cannot be written. */
export function checkIstioMatches(matches: SplitMatch[]): void {
  const fields = matches.flatMap((m, i) => {
    const names = [...(m.headers ?? []).map((h) => h.name), ...(m.cookie ? ['cookie'] : [])]
    return names.flatMap((n, j) =>
      names.indexOf(n) === j
        ? []
        : [{ field: `matches.${i}.headers`, message: `header "${n}" is named twice` }],
    )
  })
  if (fields.length > 0) throw new ValidationError(fields)
}

function pinEntry(
  match: SplitMatch,
  route: RouteDestination[],
  name: string | undefined,
): HttpRoute {
  const dest = route.find((d) => backendName(d) === match.backend)!
  const headers: Record<string, StringMatch> = {}
  for (const h of match.headers ?? [])
    headers[h.name] = h.type === 'regex' ? { regex: h.value } : { exact: h.value }
  if (match.cookie) headers.cookie = { regex: cookieRegex(match.cookie) }
  return {
    ...(name !== undefined && { name }),
    match: [{ headers }],
    route: [{ destination: structuredClone(dest.destination) }],
  }
}

/**
 * The VirtualService with the pins replaced by one route per match, placed where the first pin was
 * (else just before the owned route); pins keep their names by position. Other routes are carried
 * over as they were. Pins are recognised by the route as read; they send to a destination of
 * `route`, the owned route as written (a backend joining it may be pinned).
 */
export function withMatches(
  vs: VirtualService,
  owned: OwnedRoute,
  matches: SplitMatch[],
  route: RouteDestination[] = owned.route,
): VirtualService {
  const http = structuredClone(vs.spec.http ?? [])
  const pin = (e: HttpRoute, i: number) => i < owned.index && isPin(e, owned)
  const names = http.filter(pin).map((e) => e.name)
  const fresh = matches.map((m, i) => pinEntry(m, route, names[i]))
  return { ...vs, spec: { ...vs.spec, http: replacePins(http, pin, http[owned.index]!, fresh) } }
}
