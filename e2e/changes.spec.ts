import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { findService } from './fixtures/api'
import { kubectlJson, kubectlJsonPatch } from './fixtures/lab'
import { openService } from './fixtures/navigate'
import type { ChangeList, SplitWriteResult, TrafficSplit } from '@/lib/schemas'

/**
 * Issue 10's acceptance in the browser: a change applied with a comment is on record for every
 * operator (History and chart markers in a second browser context), and a revert from the Changes
 * page puts the split back and links to what it reverted. No other spec writes bookinfo/ratings in
 * prod-eu or admin.tools.local; each test leaves them as the demo has them.
 */

const CLUSTER = 'prod-eu'
// Markers need the charts, which need a few scrapes of traffic and the page's refresh.
const SETTLE = { timeout: 45_000 }
// Comments are unique per run, so rows are found whatever an earlier run on this lab left.
const run = Date.now().toString(36)

type VirtualService = {
  spec: { http: { route: { destination: { subset: string }; weight?: number }[] }[] }
}

const ratingsWeights = () =>
  kubectlJson<VirtualService>(CLUSTER, 'get', 'virtualservice', 'ratings', '-n', 'bookinfo')
    .spec.http[0]!.route.map((r) => `${r.destination.subset}=${r.weight}`)
    .join(' ')

/** Someone shifts the ratings split with kubectl, outside Meshpane. */
const setRatingsWeights = (v1: number, v2: number) =>
  kubectlJsonPatch(CLUSTER, 'virtualservice', 'ratings', 'bookinfo', [
    { op: 'replace', path: '/spec/http/0/route/0/weight', value: v1 },
    { op: 'replace', path: '/spec/http/0/route/1/weight', value: v2 },
  ])

const ratings = (request: APIRequestContext) =>
  findService(request, { source: CLUSTER, kind: 'istio', namespace: 'bookinfo', name: 'ratings' })

/** The newest record of a service, read through the API. */
async function latestChange(request: APIRequestContext, serviceId: string) {
  const list: ChangeList = await (
    await request.get(`/api/v1/changes?service=${serviceId}&limit=1`)
  ).json()
  return list.items[0]!
}

/** A split written through the API, as a script would (the record says `api`). */
async function putSplit(
  request: APIRequestContext,
  serviceId: string,
  backends: { name: string; weight: number }[],
  extra: { comment: string; force?: boolean },
): Promise<SplitWriteResult> {
  const split: TrafficSplit = await (
    await request.get(`/api/v1/services/${serviceId}/split`)
  ).json()
  const res = await request.put(`/api/v1/services/${serviceId}/split`, {
    data: { backends, revision: split.revision, ...extra },
  })
  expect(res.status(), await res.text()).toBe(200)
  return res.json()
}

const changeRow = (page: Page, table: string, text: string) =>
  page.getByRole('table', { name: table }).getByRole('row').filter({ hasText: text })

/** The row's Revert, then the dialog's, with nothing added. */
async function revertWithoutComment(page: Page, row: Locator) {
  await row.getByRole('button', { name: /^Revert/ }).click()
  await page
    .getByRole('dialog', { name: 'Revert this change?' })
    .getByRole('button', { name: 'Revert', exact: true })
    .click()
}

test('a split applied with a comment is in History and on the charts of another browser, and reverted from Changes', async ({
  page,
  browser,
  request,
}) => {
  test.setTimeout(120_000)
  const id = await ratings(request)
  expect(ratingsWeights()).toBe('v1=90 v2=10')
  const comment = `canary to 30% (${run})`

  await openService(page, CLUSTER, 'ratings')
  await page.getByRole('spinbutton', { name: 'Percent for v2' }).fill('30')
  await page.getByRole('textbox', { name: /Comment/ }).fill(comment)
  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toContainText('v2 30%')
  expect(ratingsWeights()).toBe('v1=70 v2=30')
  const applied = await latestChange(request, id)
  expect(applied).toMatchObject({ outcome: 'applied', comment, client: { kind: 'ui' } })

  // A fresh context shares nothing with the first: what it shows comes from the server.
  const other = await browser.newContext()
  try {
    const second = await other.newPage()
    await second.goto(`/services/${id}`)
    const row = changeRow(second, 'History', comment)
    await expect(row).toContainText('v1 90% · v2 10%')
    await expect(row).toContainText('v1 70% · v2 30%')
    await expect(row).toContainText('applied')
    const requests = second.getByRole('figure', { name: 'Requests per second' })
    await expect(requests.getByText('split', { exact: true })).toHaveCount(1, SETTLE)

    await second
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Changes' })
      .click()
    await expect(second).toHaveURL(/\/changes$/)
    await changeRow(second, 'Changes', comment)
      .getByRole('button', { name: /^Revert/ })
      .click()
    const dialog = second.getByRole('dialog', { name: 'Revert this change?' })
    await expect(dialog.getByRole('img', { name: 'Traffic split: v1 90% · v2 10%' })).toBeVisible()
    await dialog.getByRole('textbox', { name: /Comment/ }).fill(`back to 10% (${run})`)
    await dialog.getByRole('button', { name: 'Revert', exact: true }).click()
    const done = second.getByRole('dialog', { name: 'Reverted' })
    await expect(done.getByRole('status')).toHaveText('Reverted: v1 90% · v2 10%')
    await done.getByRole('button', { name: 'Close' }).click()

    expect(ratingsWeights()).toBe('v1=90 v2=10')
    const revert = changeRow(second, 'Changes', `back to 10% (${run})`)
    await expect(revert).toContainText('applied')
    const link = revert.getByRole('link', { name: `change ${applied.id.slice(0, 8)}` })
    await expect(link).toHaveAttribute('href', `/changes/${applied.id}`)
    await expect(changeRow(second, 'Changes', comment)).toContainText('Reverted by')
    await expect(changeRow(second, 'Changes', comment).getByRole('button')).toHaveCount(0)

    await link.click()
    await expect(second.getByRole('heading', { level: 1 })).toHaveText(
      `Change ${applied.id.slice(0, 8)}`,
    )
    await expect(second.getByRole('region', { name: 'What' })).toContainText(comment)
  } finally {
    await other.close()
  }
})

test('a revert after a later change is refused, shows the split as it is now and writes nothing', async ({
  page,
  request,
}) => {
  const id = await ratings(request)
  const comment = `to 20% by script (${run})`
  await putSplit(
    request,
    id,
    [
      { name: 'v1', weight: 80 },
      { name: 'v2', weight: 20 },
    ],
    { comment },
  )
  const change = await latestChange(request, id)
  // Someone moves the split with kubectl after that change.
  setRatingsWeights(60, 40)
  try {
    // A shared link: the filters come from the URL and show in the form.
    await page.goto(`/changes?service=${id}&outcome=applied`)
    await expect(page.getByRole('combobox', { name: 'Outcome' })).toHaveValue('applied')
    const row = changeRow(page, 'Changes', comment)
    await expect(row).toContainText('API')
    await revertWithoutComment(page, row)
    const dialog = page.getByRole('dialog', { name: 'The split moved since this change' })
    await expect(dialog).toContainText('Nothing was written')
    await expect(dialog.getByRole('img', { name: 'Traffic split: v1 60% · v2 40%' })).toBeVisible()
    expect(ratingsWeights()).toBe('v1=60 v2=40')
    await dialog.getByRole('button', { name: 'Close' }).click()

    // The refused attempt is on record too.
    await page.getByRole('combobox', { name: 'Outcome' }).selectOption('conflict')
    await expect(page).toHaveURL(/outcome=conflict/)
    await expect(
      changeRow(page, 'Changes', `Reverts change ${change.id.slice(0, 8)}`),
    ).toContainText('conflict')
  } finally {
    setRatingsWeights(90, 10)
  }
})

test('reverting a change to an object CloudFormation manages asks first, then forces', async ({
  page,
  request,
}) => {
  const id = await findService(request, {
    source: 'platform/us-east-1',
    kind: 'appmesh',
    name: 'admin.tools.local',
  })
  const comment = `admin canary (${run})`
  await putSplit(
    request,
    id,
    [
      { name: 'admin-v1', weight: 40 },
      { name: 'admin-v2', weight: 60 },
    ],
    { comment, force: true },
  )

  await page.goto(`/services/${id}`)
  const row = changeRow(page, 'History', comment)
  await expect(row).toContainText('forced')
  await revertWithoutComment(page, row)
  const ask = page.getByRole('dialog', { name: /^Revert a change to an object managed by/ })
  await expect(ask).toContainText('internal-tools')
  await ask.getByRole('button', { name: 'Revert anyway' }).click()
  await expect(page.getByRole('dialog', { name: 'Reverted' }).getByRole('status')).toHaveText(
    'Reverted: admin-v1 50% · admin-v2 50%',
  )
  const split: TrafficSplit = await (await request.get(`/api/v1/services/${id}/split`)).json()
  expect(split.backends).toEqual([
    { name: 'admin-v1', weight: 50 },
    { name: 'admin-v2', weight: 50 },
  ])
  await page.getByRole('button', { name: 'Close' }).click()
  // The editor on the same page follows the revert.
  await expect(page.getByRole('slider', { name: 'Weight of admin-v2' })).toHaveValue('50')
})
