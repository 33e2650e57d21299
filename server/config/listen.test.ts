import { describe, expect, it } from 'vitest'
import { MeshpaneConfig } from './config'
import { isLoopback, listenAddress, listenProblem } from './listen'

describe('the listen address', () => {
  it('is what the start script exported, else every interface (next start without -H)', () => {
    expect(listenAddress({ MESHPANE_LISTEN_HOST: '127.0.0.1', PORT: '4000' })).toEqual({
      host: '127.0.0.1',
      port: 4000,
    })
    expect(listenAddress({})).toEqual({ host: '0.0.0.0', port: 3000 })
  })

  it.each([
    ['127.0.0.1', true],
    ['127.1.2.3', true],
    ['::1', true],
    ['[::1]', true],
    ['localhost', true],
    ['0.0.0.0', false],
    ['::', false],
    ['10.0.0.5', false],
    ['127.example.com', false],
  ])('%s is loopback: %s', (host, loopback) => expect(isLoopback(host)).toBe(loopback))
})

describe('starting', () => {
  const none = MeshpaneConfig.parse({})
  const oidcAuth = {
    strategy: 'oidc',
    issuer: 'https://login.example.com',
    clientId: 'meshpane',
    clientSecretFile: '/run/secrets/oidc',
  }
  const oidc = MeshpaneConfig.parse({ auth: oidcAuth })

  it('without sign-in, on loopback only, saying how to configure sign-in', () => {
    expect(listenProblem(none, { host: '127.0.0.1', port: 3000 })).toBeUndefined()
    expect(listenProblem(none, { host: '0.0.0.0', port: 3000 })).toMatch(
      /auth.strategy is "none".*loopback.*"auth": \{ "strategy": "oidc"/,
    )
    expect(listenProblem(none, { host: '10.0.0.5', port: 3000 })).toMatch(/10\.0\.0\.5:3000/)
  })

  it('with sign-in on every interface, once publicOrigin says where people reach it', () => {
    expect(listenProblem(oidc, { host: '0.0.0.0', port: 3000 })).toMatch(/"publicOrigin"/)
    const published = MeshpaneConfig.parse({
      auth: oidcAuth,
      publicOrigin: 'https://meshpane.example.com',
    })
    expect(listenProblem(published, { host: '0.0.0.0', port: 3000 })).toBeUndefined()
    expect(listenProblem(oidc, { host: '10.0.0.5', port: 3000 })).toBeUndefined()
  })
})

describe('publicOrigin', () => {
  it('is an origin, normalised', () => {
    expect(
      MeshpaneConfig.parse({ publicOrigin: 'https://Meshpane.example.com:443/' }).publicOrigin,
    ).toBe('https://meshpane.example.com')
    for (const bad of ['https://meshpane.example.com/console', 'ftp://x', 'meshpane'])
      expect(MeshpaneConfig.safeParse({ publicOrigin: bad }).success).toBe(false)
  })
})
