import { expect, test } from '@playwright/test'

/**
 * Issue 12's acceptance in the browser: the demo's graph draws productpage → reviews → ratings,
 * clicking reviews on the canvas opens its panel with its figures and a link to its page, and a
 * cluster filter leaves only that cluster's nodes; all of it under the strict CSP (the layout
 * worker and WebGL included).
 */

// A few scrapes and the graph's refresh before the calls carry figures.
const SETTLE = { timeout: 45_000 }

test('the demo graph: the bookinfo calls, the reviews panel and a cluster filter', async ({
  page,
}) => {
  const problems: string[] = []
  page.on('console', (m) => {
    // A refused worker or script, or a WebGL error (its performance notes are warnings).
    if (m.type() === 'error' || /Content.Security.Policy/i.test(m.text())) problems.push(m.text())
  })
  page.on('pageerror', (e) => problems.push(e.message))
  await page.goto('/')
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Graph' }).click()
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Service graph')
  const canvas = page.getByTestId('graph-canvas')
  await expect(canvas).toHaveAttribute('data-layout', 'done', SETTLE)

  // Every cluster is drawn until one is picked; then only that cluster's nodes are left.
  const nodes = page.getByRole('table', { name: 'Graph nodes' })
  const clusterCells = nodes.locator('tbody tr td:nth-child(3)')
  await expect(clusterCells.filter({ hasText: 'prod-us' }).first()).toBeVisible()
  await page.getByRole('combobox', { name: 'Cluster' }).selectOption('prod-eu')
  await expect(clusterCells.filter({ hasNotText: 'prod-eu' })).toHaveCount(0)
  await expect(clusterCells.filter({ hasText: 'prod-eu' }).first()).toBeVisible()

  // The search centres the canvas on reviews; a click there opens its panel.
  await page.getByRole('searchbox', { name: 'Search' }).fill('reviews')
  await page.getByRole('searchbox', { name: 'Search' }).press('Enter')
  const panel = page.getByRole('complementary', { name: 'reviews details' })
  await expect(panel).toBeVisible()
  await expect(canvas).not.toHaveAttribute('data-focused', '')
  await panel.getByRole('button', { name: 'Close details' }).click()
  await expect(panel).toBeHidden()
  await canvas.click()
  await expect(panel).toBeVisible()

  // productpage → reviews → ratings, with reviews' own figures.
  await expect(panel.getByText('Called by').locator('..')).toContainText('productpage', SETTLE)
  await expect(panel.getByText('Calls', { exact: true }).locator('..')).toContainText(
    'ratings',
    SETTLE,
  )
  const figures = panel.getByRole('definition')
  await expect(figures.first()).toHaveText(/\d\/s$/)
  await expect(figures.nth(1)).toHaveText(/%$/)

  await panel.getByRole('link', { name: 'Open the service page' }).click()
  await expect(page).toHaveURL(/\/services\//)
  await expect(page.getByRole('heading', { level: 1 })).toContainText('reviews')
  expect(problems).toEqual([])
})
