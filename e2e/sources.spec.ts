import { expect, test } from '@playwright/test'
import { lab } from './fixtures/lab'

test.afterEach(async () => {
  await lab().setFault('prod-us', 'none')
  await lab().setFault('staging', 'none')
})

test('a cluster that is down and one that hangs do not hold back the others', async ({ page }) => {
  await lab().setFault('prod-us', 'down')
  await lab().setFault('staging', 'hanging')
  await page.goto('/')

  const row = (name: string) => page.getByTestId(`source-${name}`)
  // The source timeout is 3 s: everything must be on screen within it plus two seconds (a cluster
  // that starts hanging is noticed when its watch, opened again, is not answered).
  await expect(row('prod-eu')).toContainText('ok', { timeout: 5_000 })
  await expect(row('prod-us')).toContainText('unreachable', { timeout: 5_000 })
  await expect(row('staging')).toContainText('timeout', { timeout: 5_000 })
  await expect(row('prod-us')).toContainText(/ECONNREFUSED|refused/i)
  await expect(row('staging')).toContainText(/timed out|timeout/i)

  const meshes = page.getByRole('table', { name: 'Meshes' })
  await expect(meshes.getByRole('row').filter({ hasText: 'prod-eu' })).toHaveCount(1)
  await expect(page.getByRole('list', { name: 'Source errors' })).toContainText('prod-us')
})
