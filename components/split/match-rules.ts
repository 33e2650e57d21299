import type { SplitMatch } from '@/lib/schemas'

/** One condition of a match rule as the editor shows it: a header (exact or regex) or the cookie. */
export type Condition =
  | { kind: 'header'; name: string; value: string; type: 'exact' | 'regex' }
  | { kind: 'cookie'; name: string; value: string }

/** A match as the editor holds it: the backend and its conditions in one list. */
export type MatchRule = { backend: string; conditions: Condition[] }

export const newCondition = (kind: Condition['kind'] = 'header'): Condition =>
  kind === 'header' ? { kind, name: '', value: '', type: 'exact' } : { kind, name: '', value: '' }

export function toRules(matches: readonly SplitMatch[]): MatchRule[] {
  return matches.map((m) => ({
    backend: m.backend,
    conditions: [
      ...(m.headers ?? []).map((h): Condition => ({
        kind: 'header',
        name: h.name,
        value: h.value,
        type: h.type,
      })),
      ...(m.cookie ? [{ kind: 'cookie' as const, ...m.cookie }] : []),
    ],
  }))
}

/** The API's form; a rule holds at most one cookie (the editor offers no second one). */
export function toMatches(rules: readonly MatchRule[]): SplitMatch[] {
  return rules.map((r) => {
    const headers = r.conditions.flatMap((c) =>
      c.kind === 'header' ? [{ name: c.name, value: c.value, type: c.type }] : [],
    )
    const cookie = r.conditions.find((c) => c.kind === 'cookie')
    return {
      backend: r.backend,
      ...(headers.length > 0 && { headers }),
      ...(cookie && { cookie: { name: cookie.name, value: cookie.value } }),
    }
  })
}

/** Whether the rules say the same as the matches read (so an untouched editor sends nothing). */
export const sameMatches = (rules: readonly MatchRule[], matches: readonly SplitMatch[]) =>
  JSON.stringify(toMatches(rules)) === JSON.stringify(toMatches(toRules(matches)))
