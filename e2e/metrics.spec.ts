import { expect, test, type APIRequestContext, type Page } from '@playwright/test'
import { kubectl, lab } from './fixtures/lab'
import type { MeshList, ServiceList, ServiceMetrics } from '@/lib/schemas'

/**
 * Issue 5's acceptance against the lab's real Prometheus: a split shows up in the charts' figures
 * and the API, the demo's faulty canary is failing with its reason, and a Prometheus that is down
 * leaves the pages working with metrics saying why they are missing.
 */

const CLUSTER = 'prod-eu'
// Loop closure spans a few scrapes, the rate window, Meshpane's cache and the page's refresh.
const SETTLE = { timeout: 45_000 }

async function reviews(request: APIRequestContext): Promise<{ id: string; meshId: string }> {
  const meshes: MeshList = await (await request.get('/api/v1/meshes')).json()
  const mesh = meshes.items.find((m) => m.source.name === CLUSTER && m.kind === 'istio')
  expect(mesh, `an istio mesh in ${CLUSTER}`).toBeDefined()
  const services: ServiceList = await (
    await request.get(`/api/v1/meshes/${mesh!.id}/services`)
  ).json()
  const service = services.items.find((s) => s.name === 'reviews' && s.namespace === 'bookinfo')
  expect(service, 'bookinfo/reviews').toBeDefined()
  return { id: service!.id, meshId: mesh!.id }
}

/** Sets the weighted route of reviews (the VirtualService's second http rule) with kubectl. */
function setReviewsWeights(v1: number, v2: number, v3: number) {
  const patch = [v1, v2, v3].map((weight, i) => ({
    op: 'replace',
    path: `/spec/http/1/route/${i}/weight`,
    value: weight,
  }))
  kubectl(
    CLUSTER,
    'patch',
    'virtualservice',
    'reviews',
    '-n',
    'bookinfo',
    '--type',
    'json',
    '-p',
    JSON.stringify(patch),
  )
}

async function metrics(request: APIRequestContext, id: string): Promise<ServiceMetrics> {
  const res = await request.get(`/api/v1/services/${id}/metrics?range=15m&step=15s`)
  expect(res.status()).toBe(200)
  return res.json()
}

const apiShare = async (request: APIRequestContext, id: string, backend: string) => {
  const m = await metrics(request, id)
  const share = m.backends.find((b) => b.name === backend)?.current.share
  return share == null ? null : Math.round(share * 100)
}

/** The share cell of a backend's row in the Current metrics table, as a number. */
async function pageShare(page: Page, backend: string): Promise<number | null> {
  const row = page
    .getByRole('table', { name: 'Current metrics' })
    .getByRole('row')
    .filter({ has: page.getByRole('rowheader', { name: backend, exact: true }) })
  if ((await row.count()) === 0) return null
  const text = await row.getByRole('cell').first().textContent()
  const match = text?.match(/^(\d+)%$/)
  return match ? Number(match[1]) : null
}

const serviceRow = (page: Page, name: string) =>
  page
    .getByRole('table', { name: 'Services' })
    .getByRole('row')
    .filter({ has: page.getByRole('link', { name, exact: true }) })

test.afterAll(() => setReviewsWeights(80, 15, 5))

test('a 50/50 split shows as 50% ± 10 of requests on each backend in the page and the API', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000)
  const { id } = await reviews(request)
  setReviewsWeights(50, 50, 0)
  await page.goto(`/services/${id}`)
  await expect(page.getByRole('table', { name: 'Current metrics' })).toBeVisible(SETTLE)
  for (const backend of ['v1', 'v2']) {
    await expect.poll(() => pageShare(page, backend), SETTLE).toBeGreaterThanOrEqual(40)
    await expect.poll(() => pageShare(page, backend), SETTLE).toBeLessThanOrEqual(60)
    const api = await apiShare(request, id, backend)
    expect(api).toBeGreaterThanOrEqual(40)
    expect(api).toBeLessThanOrEqual(60)
  }
  await expect.poll(() => apiShare(request, id, 'v3'), SETTLE).toBeLessThanOrEqual(5)
})

test('the faulty canary reviews v3 is failing with its reason, in the canary panel and the API', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000)
  const { id, meshId } = await reviews(request)
  setReviewsWeights(40, 40, 20)
  await expect.poll(async () => (await metrics(request, id)).health.status, SETTLE).toBe('failing')
  const health = (await metrics(request, id)).health
  expect(health.primary).toBe('v1')
  const v3 = health.backends.find((b) => b.name === 'v3')
  expect(v3?.status).toBe('failing')
  expect(v3?.reasons.map((r) => r.message).join(' ')).toMatch(/success rate|p99/)

  await page.goto(`/services/${id}`)
  const panel = page.getByRole('region', { name: 'Canary health' })
  await expect(panel.getByText('The canary is failing')).toBeVisible(SETTLE)
  await expect(panel).toContainText('compared with the primary v1')
  const canary = panel.getByRole('list', { name: 'Canaries' }).getByRole('listitem').filter({
    hasText: /^v3/,
  })
  await expect(canary.first()).toContainText('failing')
  await expect(canary.first()).toContainText(/success rate \d+\.\d% vs \d+\.\d% on v1|p99 latency/)

  // the mesh's service list carries the same verdict
  await page.goto(`/meshes/${meshId}`)
  await expect(serviceRow(page, 'reviews')).toContainText('failing', SETTLE)
})

test('with Prometheus down the service page still works and says why metrics are missing', async ({
  page,
  request,
}) => {
  test.setTimeout(120_000)
  const { id, meshId } = await reviews(request)
  await lab().setPrometheus(false)
  try {
    await expect.poll(async () => (await metrics(request, id)).available, SETTLE).toBe(false)
    const m = await metrics(request, id)
    expect(m.unavailableReason).toBeTruthy()

    await page.goto(`/services/${id}`)
    await expect(page.getByText(`Metrics unavailable: ${m.unavailableReason}`)).toBeVisible(SETTLE)
    await expect(page.getByRole('slider', { name: 'Weight of v1' })).toBeVisible()
    await expect(page.getByRole('region', { name: 'Canary health' })).toContainText(
      'metrics unavailable',
    )
    await page.goto(`/meshes/${meshId}`)
    await expect(serviceRow(page, 'reviews')).toBeVisible()
  } finally {
    await lab().setPrometheus(true)
  }
  await expect.poll(async () => (await metrics(request, id)).available, SETTLE).toBe(true)
})
