import path from 'node:path'
import { expect, test, type Page } from '@playwright/test'
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

  await page.getByRole('button', { name: 'Sign out' }).click()
  // The provider asks before ending its own session, then sends the browser back to the console.
  await page.getByRole('button', { name: /sign me out/i }).click()
  await expect(page.getByLabel('Password')).toBeVisible()
  expect(new URL(page.url()).origin).not.toBe(origin)
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
