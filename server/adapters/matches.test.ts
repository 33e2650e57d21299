import { describe, expect, it } from 'vitest'
import { UnprocessableError } from '@/server/errors'
import { cookieOf, cookieRegex, matchesRefusal, refuseMatches } from './matches'

describe('cookie conditions as a regex on the cookie header', () => {
  const cookie = { name: 'user', value: 'ja.son[1]' }
  const pattern = new RegExp(cookieRegex(cookie))

  it('matches the cookie wherever it sits in the header, and nothing else', () => {
    for (const header of ['user=ja.son[1]', 'a=b; user=ja.son[1]', 'a=b;user=ja.son[1]; c=d'])
      expect(pattern.test(header), header).toBe(true)
    for (const header of [
      'xuser=ja.son[1]',
      'user=jaXson[1]',
      'user=ja.son[1]x',
      'a=user=ja.son[1]',
    ])
      expect(pattern.test(header), header).toBe(false)
  })

  it('reads back what it writes, and the older searched form, on the cookie header only', () => {
    expect(cookieOf('Cookie', cookieRegex(cookie))).toEqual(cookie)
    expect(cookieOf('cookie', '(^|;\\s*)user=jason(;|$)')).toEqual({ name: 'user', value: 'jason' })
    expect(cookieOf('x-user', cookieRegex(cookie))).toBeNull()
    expect(cookieOf('cookie', '^user=.*$')).toBeNull()
  })
})

describe('refusing matches a mesh cannot express', () => {
  const current = { backends: [{ name: 'v1', weight: 100 }], revision: '1' }
  const matches = [{ backend: 'v1', headers: [{ name: 'x', value: 'y', type: 'exact' as const }] }]

  it('refuses new matches as unprocessable, naming the matches field and why', () => {
    expect(() => refuseMatches({ ...current, matches }, current, 'no matches here')).toThrow(
      UnprocessableError,
    )
    expect(matchesRefusal('no matches here')).toMatchObject({
      message: 'header and cookie matches cannot be written here: no matches here',
      details: { fields: [{ field: 'matches', message: 'no matches here' }] },
    })
  })

  it('lets through a request without matches or echoing the ones read', () => {
    expect(() => refuseMatches(current, current, 'no')).not.toThrow()
    expect(() => refuseMatches({ ...current, matches: [] }, current, 'no')).not.toThrow()
  })
})
