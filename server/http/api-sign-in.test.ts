// A browser signs in through the lab's OpenID Connect provider (Authorization Code with PKCE),
// then calls the API with its session cookie; sign-out and an expired session send it back.
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import * as callback from '@/app/api/auth/callback/route'
import * as login from '@/app/api/auth/login/route'
import * as logout from '@/app/api/auth/logout/route'
import * as meshes from '@/app/api/v1/meshes/route'
import type { ApiErrorBody, MeshList } from '@/lib/schemas'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { issuerFetch } from '@/server/identity/issuer-fetch'

/** An origin the lab's provider registers by default. */
const APP = 'http://127.0.0.1:3000'
const noParams = { params: Promise.resolve({}) }
let lab: LabProcess
let toProvider: ReturnType<typeof issuerFetch>

beforeAll(async () => {
  lab = await startLabProcess()
  process.env.MESHPANE_CONFIG = path.join(lab.dir, 'meshpane-oidc.json')
  toProvider = issuerFetch(path.join(lab.dir, 'ca.crt'))
})
afterAll(() => lab?.stop())

/** `name=value` of each Set-Cookie, as a browser sends them back. */
const cookiesOf = (res: Response) => res.headers.getSetCookie().map((c) => c.split(';')[0]!)

/** The provider's pages as a browser walks them: its own cookies, the login form, every redirect. */
async function signInAtProvider(authorizeUrl: string, name: string): Promise<string> {
  const jar = new Map<string, string>()
  const step = async (url: string, body?: string) => {
    const res = await toProvider(url, {
      method: body ? 'POST' : 'GET',
      headers: {
        cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(body && { 'content-type': 'application/x-www-form-urlencoded' }),
      },
      body,
    })
    for (const c of cookiesOf(res)) jar.set(c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1))
    return res
  }
  let res = await step(authorizeUrl)
  let url = authorizeUrl
  while (res.status === 303 || res.status === 302) {
    url = new URL(res.headers.get('location')!, url).href
    if (url.startsWith(APP)) return url
    res = await step(url)
    const form = /action="([^"]+)"/.exec(await res.clone().text())
    if (form) res = await step(new URL(form[1]!, url).href, `name=${name}&password=${name}`)
  }
  throw new Error(`the provider answered ${res.status} at ${url}`)
}

/** Through Meshpane's sign-in and the provider's form: the session cookie the browser ends with. */
async function signIn(name: string) {
  const start = await login.GET(new Request(`${APP}/api/auth/login?returnTo=/meshes`), noParams)
  expect(start.status).toBe(303)
  const authorize = new URL(start.headers.get('location')!)
  expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
  const back = await signInAtProvider(authorize.href, name)
  const cookie = cookiesOf(start).join('; ')
  const done = await callback.GET(new Request(back, { headers: { cookie } }), noParams)
  return { back, cookie, done, session: cookiesOf(done).find((c) => !c.endsWith('='))! }
}

const meshesWith = (cookie: string) =>
  meshes.GET(new Request(`${APP}/api/v1/meshes`, { headers: { cookie } }), noParams)

describe('sign-in with OpenID Connect', () => {
  it('signs carol in with Authorization Code and PKCE: an HttpOnly session, then the API as her', async () => {
    const { back, cookie, done, session } = await signIn('carol')
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/meshes')
    const [set] = done.headers.getSetCookie()
    expect(set).toMatch(/^meshpane-session=.+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=28800$/)
    const res = await meshesWith(session)
    expect(res.status).toBe(200)
    expect(((await res.json()) as MeshList).items.length).toBeGreaterThan(0)
    // The code was redeemed once: the same callback again is refused.
    expect((await callback.GET(new Request(back, { headers: { cookie } }), noParams)).status).toBe(
      401,
    )
  })

  it("sign-out ends the session and sends the browser to end the provider's; a forged or expired session is 401", async () => {
    const { session } = await signIn('bob')
    const out = await logout.POST(
      new Request(`${APP}/api/auth/logout`, { method: 'POST', headers: { cookie: session } }),
      noParams,
    )
    expect(out.status).toBe(303)
    const end = new URL(out.headers.get('location')!)
    expect(end.searchParams.get('post_logout_redirect_uri')).toBe(`${APP}/`)
    expect(end.searchParams.get('id_token_hint')).toBeTruthy()
    expect(out.headers.getSetCookie()[0]).toMatch(/^meshpane-session=; .*Max-Age=0/)

    const forged = await meshesWith(`${session.slice(0, -6)}AAAAAA`)
    expect(forged.status).toBe(401)
    vi.useFakeTimers({ toFake: ['Date'] })
    try {
      vi.setSystemTime(Date.now() + 9 * 3600_000)
      const expired = await meshesWith(session)
      expect(expired.status).toBe(401)
      expect(((await expired.json()) as ApiErrorBody).error.message).toMatch(
        /expired: sign in again/,
      )
    } finally {
      vi.useRealTimers()
    }
  })
})
