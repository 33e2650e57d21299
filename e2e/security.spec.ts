import { request as httpRequest } from 'node:http'
import { expect, test, type APIRequestContext } from '@playwright/test'
import { createApiClient } from '@/lib/api-client'
import { findService } from './fixtures/api'
import { appPort, kubectl } from './fixtures/lab'
import { openService } from './fixtures/navigate'

const base = `http://127.0.0.1:${appPort}`
const api = createApiClient(base)

/** checkout in prod-eu, the service these attempts aim at. */
const checkoutId = (request: APIRequestContext) =>
  findService(request, { source: 'prod-eu', kind: 'istio', name: 'checkout' })

const checkout = () =>
  kubectl('prod-eu', 'get', 'virtualservice', 'checkout', '-n', 'shop', '-o', 'json')

/** A PUT moving all of checkout's traffic to its last backend, with the headers of the attempt. */
async function putSplit(
  request: APIRequestContext,
  headers: Record<string, string>,
  body?: string,
) {
  const id = await checkoutId(request)
  const split = await api.split(id)
  const update = {
    revision: split.revision,
    backends: split.backends.map((b, i) => ({
      name: b.name,
      weight: i === split.backends.length - 1 ? 100 : 0,
    })),
  }
  return request.put(`/api/v1/services/${encodeURIComponent(id)}/split`, {
    headers,
    data: body ?? JSON.stringify(update),
  })
}

const JSON_TYPE = { 'content-type': 'application/json' }

test.describe('no driving from other sites', () => {
  for (const [attempt, headers, status] of [
    ['from a foreign Origin', { ...JSON_TYPE, origin: 'https://attacker.example' }, 403],
    [
      'from a foreign Origin, even with a bearer token',
      { ...JSON_TYPE, origin: 'https://attacker.example', authorization: 'Bearer x' },
      403,
    ],
    ['marked cross-site by the browser', { ...JSON_TYPE, 'sec-fetch-site': 'cross-site' }, 403],
    ['without Origin and with a cookie', { ...JSON_TYPE, cookie: 'session=stolen' }, 403],
    ['as text/plain', { 'content-type': 'text/plain' }, 415],
  ] as const)
    test(`a write ${attempt} is refused with ${status} and nothing is written`, async ({
      request,
    }) => {
      const before = checkout()
      const answer = await putSplit(request, headers)
      expect(answer.status()).toBe(status)
      expect(answer.headers()['access-control-allow-origin']).toBeUndefined()
      expect(checkout()).toBe(before)
    })

  test('a revert POSTed without a body or type is refused with 415', async ({ request }) => {
    const answer = await request.post('/api/v1/changes/00000000-0000-0000-0000-000000000000/revert')
    expect(answer.status()).toBe(415)
    expect((await answer.json()).error.code).toBe('unsupported_media_type')
  })

  test('a request with Host: attacker.example is refused, reads included (DNS rebinding)', async ({
    request,
  }) => {
    const before = checkout()
    const id = await checkoutId(request)
    for (const [method, path] of [
      ['GET', '/api/v1/meshes'],
      ['PUT', `/api/v1/services/${encodeURIComponent(id)}/split`],
    ]) {
      const status = await new Promise<number>((resolve, reject) => {
        const url = new URL(path!, base)
        const req = httpRequest(
          url,
          { method, headers: { host: 'attacker.example', ...JSON_TYPE } },
          (res) => {
            res.resume()
            resolve(res.statusCode!)
          },
        )
        req.on('error', reject)
        req.end(method === 'PUT' ? '{}' : undefined)
      })
      expect(status, `${method} ${path}`).toBe(403)
    }
    expect(checkout()).toBe(before)
  })

  test('a script without Origin or cookie still works under auth none (here a no-op write)', async ({
    request,
  }) => {
    const id = await checkoutId(request)
    const split = await api.split(id)
    const answer = await request.put(`/api/v1/services/${encodeURIComponent(id)}/split`, {
      headers: JSON_TYPE,
      data: JSON.stringify({ revision: split.revision, backends: split.backends }),
    })
    expect(answer.status()).toBe(200)
    expect((await answer.json()).outcome).toBe('no-op')
  })

  test('the API answers no preflight with CORS allowances', async ({ request }) => {
    const answer = await request.fetch('/api/v1/meshes', {
      method: 'OPTIONS',
      headers: {
        origin: 'https://attacker.example',
        'access-control-request-method': 'PUT',
      },
    })
    expect(answer.status()).toBe(403)
    expect(Object.keys(answer.headers()).filter((h) => h.startsWith('access-control-'))).toEqual([])
  })
})

test('pages carry the security headers and run under their nonce-based CSP', async ({ page }) => {
  const violations: string[] = []
  page.on('console', (m) => {
    if (/Content.Security.Policy/i.test(m.text())) violations.push(m.text())
  })
  const answer = await page.goto('/')
  const headers = answer!.headers()
  const csp = headers['content-security-policy']!
  expect(csp).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/)
  expect(csp).toContain("frame-ancestors 'none'")
  expect(headers['x-content-type-options']).toBe('nosniff')
  expect(headers['referrer-policy']).toBe('same-origin')
  const nonce = /'nonce-([^']+)'/.exec(csp)![1]
  const scripts = await page
    .locator('script')
    .evaluateAll((s) => s.map((e) => (e as HTMLScriptElement).nonce))
  expect(scripts.length).toBeGreaterThan(0)
  expect(scripts.every((n) => n === nonce)).toBe(true)
  await expect(page.getByTestId('session')).toContainText(
    "No sign-in: acting as Meshpane's own identity",
  )
  // Hydrated and navigating: the scripts ran.
  await openService(page, 'prod-eu', 'checkout')
  expect(violations).toEqual([])
})
