import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
import type { MeshService } from '@/lib/schemas'
import { kubectlJson } from '@/server/fixtures/kubectl'
import { startLabProcess, type LabProcess } from '@/server/fixtures/lab-process'
import { startMeshpane, type MeshpaneProcess } from '@/server/fixtures/meshpane-process'
import { appPort } from './fixtures/lab'
import { openService } from './fixtures/navigate'

// A Meshpane of its own, signing in through its own lab's provider (which must know its origin).
const port = appPort + 1
const origin = `http://127.0.0.1:${port}`
let lab: LabProcess
let app: MeshpaneProcess

test.use({ baseURL: origin, ignoreHTTPSErrors: true })

test.beforeAll(async () => {
  lab = await startLabProcess({ appOrigins: [origin] })
  app = await startMeshpane(port, path.join(lab.dir, 'meshpane-oidc.json'))
})
test.afterAll(async () => {
  await app?.stop()
  await lab?.stop()
})

type VirtualService = { spec: { http: { route: { weight?: number }[] }[] } }

/** The weights of the default route of a VirtualService in prod-eu, as kubectl shows them. */
const weightsOf = async (namespace: string, name: string) =>
  (
    await kubectlJson<VirtualService>(lab.kubeconfigPath, 'prod-eu', [
      'get',
      'virtualservice',
      name,
      '-n',
      namespace,
    ])
  ).spec.http
    .at(-1)!
    .route.map((r) => r.weight)
    .join(' ')

/** One step of the first slider with the keyboard, then Apply, as the person signed in. */
async function nudgeAndApply(page: Page) {
  const slider = page.getByRole('slider').first()
  await expect(slider).toBeEnabled()
  await slider.focus()
  await slider.press('ArrowLeft')
  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toBeVisible()
}

/** From the console, through the provider's login form, and back signed in. */
async function signIn(page: Page, name: string) {
  await page.goto('/')
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Password').fill(name)
  await page.getByRole('button', { name: 'Sign in' }).click()
  await expect(page.getByTestId('signed-in-as')).toHaveText(`Signed in as ${name}`)
}

test("carol signs in, sees sliders disabled with the cluster's reason, and signs out to the sign-in page", async ({
  page,
}) => {
  await signIn(page, 'carol')

  await openService(page, 'prod-eu', 'reviews')
  await expect(page.getByRole('slider', { name: 'Weight of v1' })).toBeDisabled()
  await expect(page.getByTestId('write-refused')).toContainText('User "carol" cannot patch')
  await expect(page.getByRole('button', { name: 'Apply' })).toBeDisabled()

  // The API refuses her write with the cluster's reason, and the cluster is unchanged.
  const api = `/api/v1/services/${new URL(page.url()).pathname.split('/').at(-1)}`
  const service: MeshService = await (await page.request.get(api)).json()
  const before = await weightsOf('bookinfo', 'reviews')
  const answer = await page.request.put(`${api}/split`, {
    headers: { origin },
    data: {
      revision: service.revision,
      backends: service.backends.map((b, i) => ({ name: b.name, weight: i === 0 ? 100 : 0 })),
    },
  })
  expect(answer.status()).toBe(403)
  expect((await answer.json()).error).toMatchObject({
    code: 'forbidden',
    message: expect.stringContaining('User "carol" cannot patch'),
  })
  expect(await weightsOf('bookinfo', 'reviews')).toBe(before)

  await page.getByRole('button', { name: 'Sign out' }).click()
  // The provider asks before ending its own session, then sends the browser back to the console.
  await page.getByRole('button', { name: /sign me out/i }).click()
  await expect(page.getByLabel('Password')).toBeVisible()
  expect(new URL(page.url()).origin).not.toBe(origin)
})

test('bob changes a service of his namespace, sees no other, and is told his view is partial', async ({
  page,
}) => {
  await signIn(page, 'bob')
  await openService(page, 'prod-eu', 'checkout')
  const before = await weightsOf('shop', 'checkout')
  await nudgeAndApply(page)
  expect(await weightsOf('shop', 'checkout')).not.toBe(before)

  await page.goBack() // to the mesh's page
  await expect(page.getByRole('note', { name: 'Partial view' })).toContainText('bob may not list')
  const services = page.getByRole('table', { name: 'Services' })
  await expect(services.getByRole('link', { name: 'checkout', exact: true })).toBeVisible()
  await expect(services.getByRole('link', { name: 'reviews', exact: true })).toHaveCount(0)
})

test('alice, a mesh admin, changes bookinfo too', async ({ page }) => {
  await signIn(page, 'alice')
  await openService(page, 'prod-eu', 'reviews')
  const before = await weightsOf('bookinfo', 'reviews')
  await nudgeAndApply(page)
  expect(await weightsOf('bookinfo', 'reviews')).not.toBe(before)
})

test('a session that is no longer good sends the browser through sign-in again', async ({
  page,
  context,
}) => {
  await signIn(page, 'bob')
  const [session] = (await context.cookies(origin)).filter((c) => c.name === 'meshpane-session')
  await context.addCookies([{ ...session!, value: `${session!.value.slice(0, -8)}AAAAAAAA` }])
  await page.reload()
  // The provider's own session still stands: straight back, signed in again.
  await expect(page.getByTestId('signed-in-as')).toHaveText('Signed in as bob')
  const [renewed] = (await context.cookies(origin)).filter((c) => c.name === 'meshpane-session')
  expect(renewed!.value).not.toBe(session!.value)
})
