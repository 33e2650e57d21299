import { describe, expect, it } from 'vitest'
import { sameMatches, toMatches, toRules } from './match-rules'
import type { SplitMatch } from '@/lib/schemas'

const matches: SplitMatch[] = [
  {
    backend: 'v2',
    headers: [
      { name: 'x-canary', value: 'true', type: 'exact' },
      { name: 'x-user', value: 'a.*', type: 'regex' },
    ],
    cookie: { name: 'user', value: 'jason' },
  },
  { backend: 'v1', cookie: { name: 'beta', value: 'no' } },
]

describe('match rules', () => {
  it('round-trips matches through the editor form', () => {
    expect(toMatches(toRules(matches))).toEqual(matches)
    expect(sameMatches(toRules(matches), matches)).toBe(true)
  })

  it('sees an edited rule as a change', () => {
    const rules = toRules(matches)
    rules[1]!.backend = 'v2'
    expect(sameMatches(rules, matches)).toBe(false)
  })
})
