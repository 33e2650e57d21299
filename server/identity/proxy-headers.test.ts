import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { AuthConfig, type ProxyAuth } from '@/server/config/auth'
import { UnauthorizedError } from '@/server/errors'
import { proxyPerson } from './proxy-headers'

const secretFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'meshpane-proxy-')), 'secret')
fs.writeFileSync(secretFile, 's3cret\n')
const auth = AuthConfig.parse({ strategy: 'proxy', secretFile }) as ProxyAuth

describe('proxyPerson', () => {
  it("names the proxy's user and groups, repeated or comma-separated", () => {
    const headers = new Headers([
      ['x-meshpane-proxy-secret', 's3cret'],
      ['x-forwarded-user', 'bob'],
      ['x-forwarded-groups', 'shop-devs, viewers'],
      ['x-forwarded-groups', 'on-call'],
    ])
    expect(proxyPerson(headers, auth)).toEqual({
      kind: 'person',
      user: 'bob',
      groups: ['shop-devs', 'viewers', 'on-call'],
    })
  })

  it('believes the headers only with the shared secret, and wants a user', () => {
    const user = ['x-forwarded-user', 'alice'] as [string, string]
    for (const headers of [
      new Headers([user]),
      new Headers([user, ['x-meshpane-proxy-secret', 's3cre']]),
      new Headers([['x-meshpane-proxy-secret', 's3cret']]),
    ])
      expect(() => proxyPerson(headers, auth)).toThrow(UnauthorizedError)
  })
})
