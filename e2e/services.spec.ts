import { expect, test, type Page } from '@playwright/test'
import { lab } from './fixtures/lab'

/** The whole fleet's first answer, on a machine shared with other test runs. */
const FIRST_LOAD = 30_000
const table = (page: Page) => page.getByRole('table', { name: 'Services' })
/** The table's rows below its head. */
const rows = async (page: Page) => (await table(page).getByRole('row').all()).slice(1)

test.describe('all services', () => {
  test('lists every service of the fleet, searched and filtered, with the filters in the URL', async ({
    page,
  }) => {
    await page.goto('/')
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Services' })
      .click()
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Services')
    const services = table(page)
    // Kubernetes clusters of every kind and App Mesh accounts, on one page.
    await expect(services).toBeVisible({ timeout: FIRST_LOAD })
    for (const where of ['prod-eu', 'linkerd', 'smi', 'consul', 'payments/eu-west-1'])
      await expect(services.getByRole('cell', { name: where, exact: true }).first()).toBeVisible()
    const status = page.getByRole('navigation', { name: 'Pages' }).getByRole('status')
    await expect(status).toHaveText(/^1–\d+ of \d+$/)

    await page.getByRole('searchbox', { name: 'Search' }).fill('ATING')
    await expect(page).toHaveURL(/[?&]q=ATING/)
    await expect(services.getByRole('row')).toHaveCount(5)
    for (const where of ['mixed', 'prod-eu', 'prod-us', 'staging'])
      await expect(
        services.getByRole('row').filter({ hasText: where }).getByRole('link', { name: 'ratings' }),
      ).toBeVisible()
    await expect(services.getByRole('cell', { name: /gateway-api/ })).toBeVisible()
    await expect(status).toHaveText('1–4 of 4')

    await page.getByRole('combobox', { name: 'Mesh kind' }).selectOption('gateway-api')
    await expect(services.getByRole('row')).toHaveCount(2)
    await expect(page).toHaveURL(/meshKind=gateway-api/)
    // The search box kept what the operator typed while the filters changed under it.
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('ATING')

    await page.getByRole('searchbox', { name: 'Search' }).fill('no-such-service')
    await expect(page.getByText('No services match')).toBeVisible()
  })

  test('says when nothing matches, clears, and keeps its filters in the URL', async ({ page }) => {
    await page.goto('/services?q=no-such-service')
    await expect(page.getByText('No services match')).toBeVisible({ timeout: FIRST_LOAD })
    await page.getByRole('button', { name: 'Clear' }).click()
    await expect(page).toHaveURL(/\/services$/)
    await expect(page.getByRole('searchbox', { name: 'Search' })).toHaveValue('')
    await expect
      .poll(async () => (await rows(page)).length, { timeout: FIRST_LOAD })
      .toBeGreaterThan(30)

    await page.goto('/services?meshKind=linkerd&hasCanary=true')
    await expect(table(page).getByRole('row')).toHaveCount(3, { timeout: FIRST_LOAD })
    await expect(table(page).getByRole('link', { name: 'web', exact: true })).toHaveCount(0)
  })

  test('names a cluster that went down, and still lists its last-known services with the others', async ({
    page,
  }) => {
    await page.goto('/services')
    await expect(
      table(page).getByRole('cell', { name: 'linkerd', exact: true }).first(),
    ).toBeVisible({ timeout: FIRST_LOAD })
    await lab().setFault('linkerd', 'down')
    try {
      await expect(
        page
          .getByRole('list', { name: 'Source errors' })
          .getByText(/showing linkerd as it was at .*, when it stopped answering/),
      ).toBeVisible({ timeout: FIRST_LOAD })
      await expect(
        table(page).getByRole('cell', { name: 'prod-eu', exact: true }).first(),
      ).toBeVisible()
      await expect(
        table(page).getByRole('cell', { name: 'linkerd', exact: true }).first(),
      ).toBeVisible()
    } finally {
      await lab().setFault('linkerd', 'none')
    }
  })
})

test.describe('global search', () => {
  test('"/" opens it anywhere, and Enter opens the service chosen with the arrow keys', async ({
    page,
  }) => {
    await page.goto('/')
    await expect(page.getByRole('table', { name: 'Meshes' })).toBeVisible()
    const box = page.getByRole('combobox', { name: 'Service name' })
    // The shortcut listens once the header has hydrated: press again until the search opens.
    await expect(async () => {
      if (!(await box.isVisible())) await page.keyboard.press('/')
      await expect(box).toBeFocused({ timeout: 1000 })
    }).toPass()
    await box.pressSequentially('frontend')
    const found = page.getByRole('listbox', { name: 'Services found' }).getByRole('option')
    await expect(found).toHaveCount(3)
    await expect(found.nth(0)).toHaveAttribute('aria-selected', 'true')
    const appMesh = found.filter({ hasText: 'payments/eu-west-1' })
    const index = (await found.allTextContents()).findIndex((t) => t.includes('payments/eu-west-1'))
    for (let i = 0; i < index; i++) await box.press('ArrowDown')
    await expect(appMesh).toHaveAttribute('aria-selected', 'true')
    await box.press('Enter')
    await expect(page.getByRole('heading', { level: 1 })).toContainText('frontend.storefront.local')
    await expect(page.getByRole('dialog')).toHaveCount(0)
  })

  test('Ctrl+K opens it from inside a field, and Escape closes it', async ({ page }) => {
    await page.goto('/services')
    // The table comes from the API, so the page has hydrated and its shortcut listens.
    await expect(page.getByRole('table', { name: 'Services' })).toBeVisible()
    const search = page.getByRole('searchbox', { name: 'Search' })
    await search.click()
    // "/" typed in a field is text, not the shortcut.
    await page.keyboard.press('/')
    await expect(search).toHaveValue('/')
    await expect(page.getByRole('dialog')).toHaveCount(0)
    await page.keyboard.press('Control+K')
    const box = page.getByRole('combobox', { name: 'Service name' })
    await expect(box).toBeFocused()
    await box.fill('ratings')
    await expect(
      page.getByRole('listbox', { name: 'Services found' }).getByRole('option'),
    ).toHaveCount(4)
    await page.keyboard.press('Escape')
    await expect(page.getByRole('dialog')).toHaveCount(0)
  })
})
