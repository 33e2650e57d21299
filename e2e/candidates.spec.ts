import { DescribeRouteCommand } from '@aws-sdk/client-app-mesh'
import { expect, test } from '@playwright/test'
import type { SplitWriteResult, TrafficSplit } from '@/lib/schemas'
import { findService } from './fixtures/api'
import { appMeshClient } from './fixtures/aws'
import { openService } from './fixtures/navigate'

const SERVICE = 'refunds.payments-us.local'

/** The weighted targets of refunds' catch-all route, as account payments reads them with the SDK. */
async function refundsTargets() {
  const out = await appMeshClient('payments', 'us-east-1').send(
    new DescribeRouteCommand({
      meshName: 'payments-us',
      virtualRouterName: 'refunds-router',
      routeName: 'refunds-route',
    }),
  )
  return out.route!.spec!.httpRoute!.action!.weightedTargets
}

test('an operator gives a candidate version 10% from the editor, and it joins the route', async ({
  page,
  request,
}) => {
  expect(await refundsTargets()).toEqual([
    { virtualNode: 'refunds-v1', weight: 3 },
    { virtualNode: 'refunds-v2', weight: 1 },
  ])
  await openService(page, 'payments/us-east-1', SERVICE, 'appmesh')

  // refunds-v3 is a virtual node of the service no route targets: offered apart from the route.
  const candidates = page.getByRole('list', { name: 'Candidates' })
  await expect(candidates.getByRole('listitem')).toHaveCount(1)
  await expect(candidates).toContainText('refunds-v3')
  await expect(candidates).toContainText('1/1 ready')
  const backends = page.getByRole('list', { name: 'Backends' })
  await expect(backends).not.toContainText('refunds-v3')

  await candidates.getByRole('spinbutton', { name: 'Percent for refunds-v3' }).fill('10')
  await expect(page.getByRole('slider', { name: 'Weight of candidate refunds-v3' })).toHaveValue(
    '10',
  )
  await expect(page.getByTestId('split-total')).toHaveText('100%')

  await page.getByRole('button', { name: 'Preview' }).click()
  await expect(page.getByTestId('preview-diff')).toContainText('virtualNode: refunds-v3')

  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toContainText(
    'refunds-v3 10%',
  )
  // Now a backend of the route, and no longer a candidate.
  await expect(backends.getByRole('slider', { name: 'Weight of refunds-v3' })).toHaveValue('10')
  await expect(candidates).toHaveCount(0)
  const targets = await refundsTargets()
  expect(targets?.map((t) => t.virtualNode)).toEqual(['refunds-v1', 'refunds-v2', 'refunds-v3'])
  expect(targets?.at(-1)?.weight).toBe(10)

  // Taken out again at 0 through the API, as a script would: the route is as it was.
  const id = await findService(request, {
    source: 'payments/us-east-1',
    kind: 'appmesh',
    name: SERVICE,
  })
  const split: TrafficSplit = await (await request.get(`/api/v1/services/${id}/split`)).json()
  const res = await request.put(`/api/v1/services/${id}/split`, {
    data: {
      backends: [
        { name: 'refunds-v1', weight: 75 },
        { name: 'refunds-v2', weight: 25 },
      ],
      remove: ['refunds-v3'],
      revision: split.revision,
    },
  })
  expect(res.status(), await res.text()).toBe(200)
  const restored: SplitWriteResult = await res.json()
  expect(restored.candidates).toEqual([{ name: 'refunds-v3', weight: 0 }])
  expect((await refundsTargets())?.map((t) => t.virtualNode)).toEqual(['refunds-v1', 'refunds-v2'])
})
