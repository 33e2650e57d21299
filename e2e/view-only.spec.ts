import { expect, test } from '@playwright/test'
import { createApiClient } from '@/lib/api-client'
import { startMeshpane, type MeshpaneProcess } from '@/server/fixtures/meshpane-process'
import { findService } from './fixtures/api'
import { configVariant } from './fixtures/config-variant'
import { appPort, kubectl } from './fixtures/lab'
import { openService } from './fixtures/navigate'

// A port known before the server starts, so the pages of this file (navigate.ts) go to it.
const port = appPort + 1
test.use({ baseURL: `http://127.0.0.1:${port}` })

let app: MeshpaneProcess
test.beforeAll(async () => {
  test.setTimeout(120_000)
  app = await startMeshpane(port, configVariant('view-only', { viewOnly: true }))
})
test.afterAll(() => app?.stop())

const checkout = () =>
  kubectl('prod-eu', 'get', 'virtualservice', 'checkout', '-n', 'shop', '-o', 'json')

test('view-only: the header says so, sliders and Apply are disabled with the reason', async ({
  page,
}) => {
  await page.goto('/')
  await expect(page.getByTestId('session')).toContainText('view-only')
  await openService(page, 'prod-eu', 'checkout')
  const reason = 'Meshpane runs view-only: no change can be made from here.'
  await expect(page.getByRole('note').filter({ hasText: reason })).toBeVisible()
  for (const slider of await page.getByRole('slider').all()) {
    await expect(slider).toBeDisabled()
    await expect(slider).toHaveAttribute('title', reason)
  }
  await expect(page.getByRole('button', { name: 'Apply', exact: true })).toBeDisabled()
})

test('view-only: a PUT is refused with 403 naming the mode, recorded, and nothing written', async ({
  request,
}) => {
  const api = createApiClient(app.url)
  const before = checkout()
  const id = await findService(request, { source: 'prod-eu', kind: 'istio', name: 'checkout' })
  const split = await api.split(id)
  const error = await api
    .applySplit(id, {
      revision: split.revision,
      backends: split.backends.map((b, i) => ({ name: b.name, weight: i === 0 ? 0 : 100 })),
    })
    .catch((e: unknown) => e)
  expect(error).toMatchObject({ status: 403, code: 'forbidden', message: /view-only/ })
  expect(checkout()).toBe(before)
  const changes = (await (await fetch(`${app.url}/api/v1/changes?limit=1`)).json()) as {
    items: { outcome: string; reason: string; service: string }[]
  }
  expect(changes.items[0]).toMatchObject({
    outcome: 'refused',
    reason: 'view-only',
    service: 'checkout',
  })
})
