import { expect, test } from '@playwright/test'

type Document = { paths: Record<string, Record<string, { operationId: string }>> }

// The first page a cold production server renders (the overview, with every source) takes a while.
test.describe.configure({ timeout: 120_000 })

test('the API reference, reached from the header, shows every route of the OpenAPI document', async ({
  page,
  request,
}) => {
  const document = (await (await request.get('/api/v1/openapi.json')).json()) as Document
  const operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, op]) => ({ path, method, id: op.operationId })),
  )
  const refused: string[] = []
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text())
  })

  await page.goto('/')
  const link = page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'API' })
  await link.focus()
  await page.keyboard.press('Enter')
  await expect(page).toHaveURL(/\/api-docs$/)
  await expect(page.getByRole('heading', { level: 1, name: 'API reference' })).toBeVisible()

  const routes = page.getByRole('navigation', { name: 'Routes' }).getByRole('listitem')
  await expect(routes).toHaveCount(operations.length)
  for (const { path, method, id } of operations) {
    await expect(routes.getByRole('link', { name: `${method} ${path}`, exact: true })).toHaveCount(
      1,
    )
    await expect(page.locator(`article[id="${id}"]`)).toContainText(`/api/v1${path}`)
  }

  // The write: its body's fields, its conflict answer, and a link to the split's schema.
  const put = page.locator('article[id="putSplit"]')
  await routes.getByRole('link', { name: 'put /services/{serviceId}/split', exact: true }).click()
  await expect(put).toBeInViewport()
  await expect(put).toContainText('revision')
  await expect(put).toContainText('409')
  await expect(put).toContainText('conflict')
  await put.getByRole('link', { name: 'SplitWriteResult' }).click()
  await expect(page.getByRole('article', { name: 'SplitWriteResult' })).toBeInViewport()
  expect(refused).toEqual([])
})
