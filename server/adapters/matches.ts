import 'server-only'
import type { HeaderMatch, SplitMatch, SplitUpdate, TrafficSplit } from '@/lib/schemas'
import { UnprocessableError } from '@/server/errors'

/** The 422 for matches a mesh cannot express: details.fields names `matches`, so a client can place it. */
export const matchesRefusal = (reason: string) =>
  new UnprocessableError(`header and cookie matches cannot be written here: ${reason}`, {
    fields: [{ field: 'matches', message: reason }],
  })

/**
 * For meshes (or API versions) that cannot express matches: a request carrying different matches
 * than the ones read is refused as 422 `unprocessable`, saying why; echoing back what was read is fine.
 */
export function refuseMatches(desired: SplitUpdate, current: TrafficSplit, reason: string): void {
  if (changedMatches(desired, current)) throw matchesRefusal(reason)
}

/** The matches to write: the desired ones when given and different from those read, else none. */
export const changedMatches = (
  desired: SplitUpdate,
  current: TrafficSplit,
): SplitMatch[] | undefined =>
  desired.matches && JSON.stringify(desired.matches) !== JSON.stringify(current.matches ?? [])
    ? desired.matches
    : undefined

const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
const unescapeRegex = (s: string) => s.replace(/\\(.)/g, '$1')
const PART = '((?:[^=\\\\]|\\\\.)+)=(.*)'
/** The form written (valid whether the proxy anchors the regex, as Envoy does, or searches). */
const COOKIE = new RegExp(`^\\^\\(\\.\\*;\\\\s\\*\\)\\?${PART}\\(;\\.\\*\\)\\?\\$$`)
/** An older form (only right where the proxy searches, as Linkerd does), still recognised. */
const SEARCHED_COOKIE = new RegExp(`^\\(\\^\\|;\\\\s\\*\\)${PART}\\(;\\|\\$\\)$`)

/**
 * A cookie condition is a regex on the `cookie` header, since no mesh here matches cookies by
 * name: this is the pattern written, and `cookieOf` recognises it (and the older form) on read.
 */
export const cookieRegex = (c: { name: string; value: string }) =>
  `^(.*;\\s*)?${escapeRegex(c.name)}=${escapeRegex(c.value)}(;.*)?$`

export function cookieOf(header: string, regex: string): SplitMatch['cookie'] | null {
  if (header.toLowerCase() !== 'cookie') return null
  const m = COOKIE.exec(regex) ?? SEARCHED_COOKIE.exec(regex)
  return m ? { name: unescapeRegex(m[1]!), value: unescapeRegex(m[2]!) } : null
}

/** A pin's header condition, in whichever mesh's form it was written. */
export type HeaderCondition = { name: string; value: string; regex: boolean }

/** A unified match from a pin's header conditions: the first cookie regex is its cookie. */
export function matchOfHeaders(backend: string, conditions: HeaderCondition[]): SplitMatch {
  const headers: HeaderMatch[] = []
  let cookie: SplitMatch['cookie']
  for (const c of conditions) {
    const parsed = c.regex ? cookieOf(c.name, c.value) : null
    if (parsed && !cookie) cookie = parsed
    else headers.push({ name: c.name, value: c.value, type: c.regex ? 'regex' : 'exact' })
  }
  return { backend, ...(headers.length > 0 && { headers }), ...(cookie && { cookie }) }
}

/**
 * `items` with the pins replaced by `fresh`, placed where the first pin was (else just before
 * `anchor`); every other item stays where it was.
 */
export function replacePins<T>(
  items: T[],
  isPin: (item: T, index: number) => boolean,
  anchor: T,
  fresh: T[],
): T[] {
  const firstPin = items.findIndex(isPin)
  const kept = items.filter((item, i) => !isPin(item, i))
  kept.splice(firstPin >= 0 ? firstPin : kept.indexOf(anchor), 0, ...fresh)
  return kept
}
