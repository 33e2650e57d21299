// The lab's OpenID Connect provider over HTTPS: discovery and JWKS, a browser's Authorization Code
// flow with PKCE step by step (the login form included), ID tokens checked with jose, the control
// API's minted tokens, and the files that tell Meshpane how to sign in.
import { createHash, randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLocalJWKSet, decodeJwt, jwtVerify, type JSONWebKeySet } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startLab, type Lab } from '../lab'
import { httpsCall } from '../test-client'

const APP = 'http://127.0.0.1:3210'
const REDIRECT = `${APP}/api/auth/callback`
let lab: Lab
let discovery: Record<
  'issuer' | 'authorization_endpoint' | 'token_endpoint' | 'jwks_uri' | 'userinfo_endpoint',
  string
> & { scopes_supported: string[] }
let jwks: ReturnType<typeof createLocalJWKSet>

const get = (url: string, headers: Record<string, string> = {}) =>
  httpsCall(url, lab.caCert, { headers })

beforeAll(async () => {
  lab = await startLab({
    dir: mkdtempSync(join(tmpdir(), 'lab-oidc-')),
    oidc: { appOrigins: [APP, 'http://localhost:3210'] },
  })
  discovery = (await get(`${lab.oidc.issuer}/.well-known/openid-configuration`)).json
  jwks = createLocalJWKSet((await get(discovery.jwks_uri)).json as JSONWebKeySet)
})
afterAll(() => lab?.stop())

/** A browser's cookie jar, as much of one as the provider's cookies need. */
function cookieJar() {
  const cookies = new Map<string, string>()
  return {
    take(setCookie: string[] | undefined) {
      for (const c of setCookie ?? []) {
        const [pair] = c.split(';')
        const [name, value] = pair!.split('=')
        cookies.set(name!, value!)
      }
    },
    header: () => [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
  }
}

/** Signs in as the browser would: authorize, the login form, the resumed authorization, the callback. */
async function authorizationCode(name: string, password: string, challenge: string) {
  const jar = cookieJar()
  const step = async (url: string, o: { method?: string; body?: string } = {}) => {
    const res = await httpsCall(new URL(url, lab.oidc.issuer).href, lab.caCert, {
      ...o,
      headers: {
        cookie: jar.header(),
        ...(o.body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
    })
    jar.take(res.headers['set-cookie'])
    return res
  }
  const query = new URLSearchParams({
    client_id: 'meshpane',
    redirect_uri: REDIRECT,
    response_type: 'code',
    scope: 'openid profile email groups',
    state: 'state-1',
    nonce: 'nonce-1',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  })
  const authorize = await step(`${discovery.authorization_endpoint}?${query}`)
  expect(authorize.status).toBe(303)
  const form = await step(authorize.headers.location!)
  expect(form.body).toContain('<form method="post"')
  const action = /action="([^"]+)"/.exec(form.body)![1]!
  const wrong = await step(action, { method: 'POST', body: `name=${name}&password=nope` })
  expect(wrong.body).toContain('Unknown name or wrong password.')
  const login = await step(action, {
    method: 'POST',
    body: new URLSearchParams({ name, password }).toString(),
  })
  expect(login.status).toBe(303)
  const resumed = await step(login.headers.location!)
  expect(resumed.status).toBe(303)
  return new URL(resumed.headers.location!)
}

const redeem = (code: string, verifier: string) =>
  httpsCall(discovery.token_endpoint, lab.caCert, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`meshpane:${lab.oidc.clientSecret}`).toString('base64')}`,
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT,
      code_verifier: verifier,
    }).toString(),
  })

describe('the OpenID Connect provider', () => {
  it('publishes its discovery document and signing keys', () => {
    expect(discovery).toMatchObject({
      issuer: lab.oidc.issuer,
      authorization_endpoint: `${lab.oidc.issuer}/auth`,
      token_endpoint: `${lab.oidc.issuer}/token`,
      jwks_uri: `${lab.oidc.issuer}/jwks`,
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
      id_token_signing_alg_values_supported: ['RS256'],
    })
    expect(discovery.scopes_supported).toEqual(expect.arrayContaining(['openid', 'groups']))
  })

  it('signs bob in with Authorization Code and PKCE: an ID token with his name and groups', async () => {
    const verifier = randomBytes(32).toString('base64url')
    const challenge = createHash('sha256').update(verifier).digest('base64url')
    const callback = await authorizationCode('bob', 'bob', challenge)
    expect(callback.origin + callback.pathname).toBe(REDIRECT)
    expect(callback.searchParams.get('state')).toBe('state-1')
    expect(callback.searchParams.get('iss')).toBe(lab.oidc.issuer)
    const code = callback.searchParams.get('code')!
    expect((await redeem(code, `${verifier}x`)).json.error).toBe('invalid_grant')
    const tokens = (await redeem(code, verifier)).json
    expect(tokens.token_type).toBe('Bearer')
    const { payload, protectedHeader } = await jwtVerify(tokens.id_token, jwks, {
      issuer: lab.oidc.issuer,
      audience: 'meshpane',
    })
    expect(protectedHeader.alg).toBe('RS256')
    expect(payload).toMatchObject({
      preferred_username: 'bob',
      groups: ['shop-devs'],
      email: 'bob@example.com',
      name: 'Bob Developer',
      nonce: 'nonce-1',
    })
    expect(payload.sub).not.toBe('bob')
    const me = await get(discovery.userinfo_endpoint, {
      authorization: `Bearer ${tokens.access_token}`,
    })
    expect(me.json).toMatchObject({ sub: payload.sub, preferred_username: 'bob' })
  })

  it('requires PKCE and a registered redirect URI', async () => {
    const query = (o: Record<string, string>) =>
      new URLSearchParams({
        client_id: 'meshpane',
        response_type: 'code',
        scope: 'openid',
        redirect_uri: REDIRECT,
        ...o,
      })
    const noPkce = await get(`${discovery.authorization_endpoint}?${query({})}`)
    const refused = new URL(noPkce.headers.location!)
    expect(refused.searchParams.get('error')).toBe('invalid_request')
    expect(refused.searchParams.get('error_description')).toMatch(/PKCE/)
    const elsewhere = await get(
      `${discovery.authorization_endpoint}?${query({ redirect_uri: 'http://127.0.0.1:9999/api/auth/callback', code_challenge: 'x'.repeat(43), code_challenge_method: 'S256' })}`,
    )
    expect(elsewhere.status).toBe(400)
    expect(elsewhere.body).toContain('redirect_uri did not match any of the client')
  })
})

describe('POST /tokens on the control API', () => {
  const mint = (body: unknown) =>
    fetch(`${lab.controlUrl}/tokens`, { method: 'POST', body: JSON.stringify(body) })

  it('mints an ID token for a person that verifies against the JWKS, expiring when asked', async () => {
    const res = await mint({ user: 'carol', expiresIn: 60 })
    expect(res.status).toBe(200)
    const { token } = (await res.json()) as { token: string }
    const { payload } = await jwtVerify(token, jwks, {
      issuer: lab.oidc.issuer,
      audience: 'meshpane',
    })
    expect(payload).toMatchObject({ preferred_username: 'carol', groups: ['viewers'] })
    expect(payload.exp! - payload.iat!).toBe(60)
    const alice = decodeJwt(
      ((await (await mint({ user: 'alice' })).json()) as { token: string }).token,
    )
    expect(alice.exp! - alice.iat!).toBe(3600)
  })

  it('refuses an unknown person (404) and a bad body (400)', async () => {
    const unknown = await mint({ user: 'mallory' })
    expect(unknown.status).toBe(404)
    expect(await unknown.json()).toEqual({
      error: 'no person named "mallory" (known: alice, bob, carol)',
    })
    expect((await mint({ user: 'alice', expiresIn: -1 })).status).toBe(400)
    expect((await mint({})).status).toBe(400)
  })
})

describe('the files that tell Meshpane how to sign in', () => {
  it('writes a Meshpane config with an auth section, the client secret, and lab.json facts', () => {
    const config = JSON.parse(readFileSync(join(lab.dir, 'meshpane-oidc.json'), 'utf8'))
    expect(config.kubeconfig).toBe('meshpane.kubeconfig')
    expect(config.auth).toEqual({
      strategy: 'oidc',
      issuer: lab.oidc.issuer,
      clientId: 'meshpane',
      clientSecretFile: 'oidc-client-secret',
      caFile: 'ca.crt',
      scopes: ['openid', 'profile', 'email', 'groups'],
      usernameClaim: 'preferred_username',
      groupsClaim: 'groups',
      tokenEndpointAuthMethod: 'client_secret_basic',
    })
    expect(readFileSync(join(lab.dir, 'oidc-client-secret'), 'utf8')).toBe(lab.oidc.clientSecret)
    expect(JSON.parse(readFileSync(join(lab.dir, 'meshpane.json'), 'utf8')).auth).toBeUndefined()
    const info = JSON.parse(readFileSync(join(lab.dir, 'lab.json'), 'utf8'))
    expect(info.oidc).toMatchObject({
      issuer: lab.oidc.issuer,
      redirectUris: [REDIRECT, 'http://localhost:3210/api/auth/callback'],
      tokens: `${lab.controlUrl}/tokens`,
    })
  })
})
