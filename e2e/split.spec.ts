import { expect, test } from '@playwright/test'
import { kubectl, kubectlJson } from './fixtures/lab'
import { openService } from './fixtures/navigate'

type VirtualService = {
  metadata: Record<string, unknown> & { resourceVersion?: string }
  spec: { http: { route: { destination: { subset: string }; weight?: number }[] }[] }
}

const weightsOf = (vs: VirtualService) =>
  vs.spec.http
    .at(-1)!
    .route.map((r) => `${r.destination.subset}=${r.weight}`)
    .join(' ')

/** The object with the weights of its default route and the fields every write changes blanked out. */
function withoutWeights(vs: VirtualService) {
  const copy = structuredClone(vs)
  for (const r of copy.spec.http.at(-1)!.route) delete r.weight
  delete copy.metadata.resourceVersion
  delete copy.metadata.generation
  delete copy.metadata.managedFields
  return copy
}

test('an operator moves the canary to 30% with the slider, previews and applies it', async ({
  page,
}) => {
  const before = kubectlJson<VirtualService>(
    'prod-eu',
    'get',
    'virtualservice',
    'checkout',
    '-n',
    'shop',
  )
  expect(weightsOf(before)).toBe('v1=95 v2=5')

  await openService(page, 'prod-eu', 'checkout')
  const canary = page.getByRole('slider', { name: 'Weight of v2' })
  await canary.focus()
  for (let i = 0; i < 25; i++) await canary.press('ArrowRight')
  await expect(canary).toHaveValue('30')
  await expect(page.getByRole('slider', { name: 'Weight of v1' })).toHaveValue('70')
  await expect(page.getByTestId('split-total')).toHaveText('100%')

  await page.getByRole('button', { name: 'Preview' }).click()
  const diff = page.getByTestId('preview-diff')
  await expect(diff).toContainText('weight: 70')
  await expect(diff).toContainText('weight: 30')

  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toContainText('v1 70%')

  const after = kubectlJson<VirtualService>(
    'prod-eu',
    'get',
    'virtualservice',
    'checkout',
    '-n',
    'shop',
  )
  expect(weightsOf(after)).toBe('v1=70 v2=30')
  expect(withoutWeights(after)).toEqual(withoutWeights(before))
})

test('a change made underneath is shown as a conflict, nothing is overwritten, and reapply wins', async ({
  page,
}) => {
  await openService(page, 'prod-eu', 'payments')
  await expect(page.getByRole('slider', { name: 'Weight of v2' })).toHaveValue('50')

  // Someone else shifts traffic with kubectl after the page loaded.
  kubectl(
    'prod-eu',
    'patch',
    'virtualservice',
    'payments',
    '-n',
    'shop',
    '--type=json',
    '-p',
    JSON.stringify([
      { op: 'replace', path: '/spec/http/0/route/0/weight', value: 60 },
      { op: 'replace', path: '/spec/http/0/route/1/weight', value: 40 },
    ]),
  )

  await page.getByRole('spinbutton', { name: 'Percent for v2' }).fill('20')
  await expect(page.getByRole('slider', { name: 'Weight of v1' })).toHaveValue('80')
  await page.getByRole('button', { name: 'Apply', exact: true }).click()

  const dialog = page.getByRole('dialog', {
    name: 'Someone changed this split since you loaded it',
  })
  await expect(dialog).toBeVisible()
  const table = dialog.getByRole('table', { name: 'Current and your split' })
  await expect(table.getByRole('row').filter({ hasText: 'v1' })).toContainText('60%')
  await expect(table.getByRole('row').filter({ hasText: 'v1' })).toContainText('80%')
  expect(weightsOf(kubectlJson('prod-eu', 'get', 'virtualservice', 'payments', '-n', 'shop'))).toBe(
    'v1=60 v2=40',
  )

  await dialog.getByRole('button', { name: 'Reapply mine on top' }).click()
  await expect(dialog).toBeHidden()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toContainText('v2 20%')
  expect(weightsOf(kubectlJson('prod-eu', 'get', 'virtualservice', 'payments', '-n', 'shop'))).toBe(
    'v1=80 v2=20',
  )
})
