import { describe, expect, it } from 'vitest'
import { cookieOf, cookieRegex } from './matches'

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
