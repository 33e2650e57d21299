import { DescribeRouteCommand } from '@aws-sdk/client-app-mesh'
import { expect, test } from '@playwright/test'
import { appMeshClient } from './fixtures/aws'
import { lab } from './fixtures/lab'
import { openService } from './fixtures/navigate'

const ledgerRoute = {
  meshName: 'payments-us',
  virtualRouterName: 'ledger-router',
  routeName: 'ledger-route',
}

/** The route as account payments sees it in us-east-1, read with the AWS SDK. */
async function describeLedger() {
  const out = await appMeshClient('payments', 'us-east-1').send(
    new DescribeRouteCommand(ledgerRoute),
  )
  return out.route!
}

test('an operator shifts a route in account payments, region us-east-1, and the SDK reads it back', async ({
  page,
}) => {
  const before = await describeLedger()
  expect(before.spec?.httpRoute?.action?.weightedTargets).toEqual([
    { virtualNode: 'ledger-v1', weight: 100 },
    { virtualNode: 'ledger-v2', weight: 0 },
  ])

  await openService(page, 'payments/us-east-1', 'ledger.payments-us.local', 'appmesh')
  await expect(page.getByRole('note').filter({ hasText: 'AWS ended support' })).toContainText(
    'Amazon ECS Service Connect',
  )
  await expect(page.getByRole('link', { name: 'Amazon VPC Lattice' })).toBeVisible()
  const matches = page.getByRole('group', { name: 'Header and cookie matches' })
  await expect(matches).toContainText('Meshpane shifts App Mesh weights only')
  await expect(matches.getByRole('button', { name: 'Add match' })).toBeDisabled()

  await page.getByRole('spinbutton', { name: 'Percent for ledger-v2' }).fill('25')
  await expect(page.getByRole('slider', { name: 'Weight of ledger-v1' })).toHaveValue('75')
  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toContainText(
    'ledger-v2 25%',
  )

  const after = await describeLedger()
  expect(after.spec?.httpRoute?.action?.weightedTargets).toEqual([
    { virtualNode: 'ledger-v1', weight: 75 },
    { virtualNode: 'ledger-v2', weight: 25 },
  ])
  // Only the weights moved: the match, retries, priority stay as they were.
  const withoutTargets = (route: typeof before) => ({
    ...route.spec,
    httpRoute: { ...route.spec?.httpRoute, action: undefined },
  })
  expect(withoutTargets(after)).toEqual(withoutTargets(before))
})

test('the overview lists App Mesh meshes with account, region, sharing and end of support', async ({
  page,
}) => {
  await page.goto('/')
  const meshes = page.getByRole('table', { name: 'Meshes' })
  const shared = meshes
    .getByRole('row')
    .filter({ hasText: 'payments/eu-west-1' })
    .filter({ hasText: 'storefront' })
  await expect(shared).toContainText('account 222222222222 · eu-west-1 · owned by 111111111111')
  await expect(shared).toContainText('shared')
  await expect(shared).toContainText('end of support 2026-09-30')
})

test('with one account rejected and one region throttling, the rest appears and both say why', async ({
  page,
}) => {
  await lab().setAwsFault('platform', 'rejected')
  await lab().setAwsFault('payments/ap-southeast-2', 'throttled')
  try {
    await page.goto('/')
    const sources = page.getByRole('table', { name: 'Sources' })
    for (const region of ['eu-west-1', 'us-east-1']) {
      const row = sources.getByTestId(`source-platform/${region}`)
      // AWS cannot be watched: an open page hears of it at the next background refresh (5 s).
      await expect(row).toContainText('forbidden', { timeout: 15_000 })
      await expect(row).toContainText('security token included in the request is invalid')
    }
    const throttled = sources.getByTestId('source-payments/ap-southeast-2')
    await expect(throttled).toContainText('unreachable')
    await expect(throttled).toContainText('throttled by AWS')
    await expect(sources.getByTestId('source-payments/us-east-1')).toContainText('ok')

    const errors = page.getByRole('list', { name: 'Source errors' })
    await expect(errors).toContainText('platform/eu-west-1')
    await expect(errors).toContainText('payments/ap-southeast-2')
    const meshes = page.getByRole('table', { name: 'Meshes' })
    await expect(meshes.getByRole('link', { name: 'payments-us' })).toBeVisible()
    await expect(meshes.getByRole('link', { name: 'internal-tools' })).toBeHidden()
    await expect(meshes.getByRole('row').filter({ hasText: 'prod-eu' })).toHaveCount(1)
  } finally {
    await lab().setAwsFault('platform', 'none')
    await lab().setAwsFault('payments/ap-southeast-2', 'none')
  }
})

test('a route that does not fit its schema is named on the mesh page and on the page of the service it routes', async ({
  page,
}) => {
  await page.goto('/')
  await page
    .getByRole('table', { name: 'Meshes' })
    .getByRole('link', { name: 'payments-us' })
    .click()
  const skipped = page.getByRole('note', { name: 'Skipped objects' })
  await expect(skipped).toContainText('Route payments-us/refunds-router/refunds-mirror')
  await expect(skipped).toContainText(
    'spec.httpRoute.action.weightedTargets.0.virtualNode: is required',
  )
  await page
    .getByRole('table', { name: 'Services' })
    .getByRole('link', { name: 'refunds.payments-us.local', exact: true })
    .click()
  await expect(page.getByRole('note', { name: 'Skipped objects' })).toContainText(
    'routing this service',
  )
  await expect(page.getByRole('slider').first()).toBeVisible()
})
