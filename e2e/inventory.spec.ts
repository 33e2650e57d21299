import { expect, test } from '@playwright/test'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { kubectl } from './fixtures/lab'
import { openMesh } from './fixtures/navigate'

const manifest = `
apiVersion: networking.istio.io/v1
kind: DestinationRule
metadata: { name: inventory, namespace: shop }
spec:
  host: inventory
  subsets:
    - { name: v1, labels: { version: v1 } }
    - { name: v2, labels: { version: v2 } }
---
apiVersion: networking.istio.io/v1
kind: VirtualService
metadata: { name: inventory, namespace: shop }
spec:
  hosts: [inventory]
  http:
    - route:
        - { destination: { host: inventory, subset: v1 }, weight: 75 }
        - { destination: { host: inventory, subset: v2 }, weight: 25 }
`

test('a service created and deleted with kubectl shows up in the open page and goes away, pushed by the change stream', async ({
  page,
}) => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'meshpane-')), 'inventory.yaml')
  writeFileSync(file, manifest)

  await openMesh(page, 'prod-eu')
  const services = page.getByRole('table', { name: 'Services' })
  await expect(services.getByRole('link', { name: 'checkout', exact: true })).toBeVisible()
  await expect(services.getByRole('link', { name: 'inventory', exact: true })).toHaveCount(0)
  // Connected to GET /api/v1/events: the page no longer polls, so what follows is pushed.
  await expect(page.getByRole('status').filter({ hasText: 'Live' })).toBeVisible()

  kubectl('prod-eu', 'create', '--validate=false', '-f', file)
  await expect(services.getByRole('link', { name: 'inventory', exact: true })).toBeVisible({
    timeout: 5_000,
  })
  await expect(services.getByRole('row').filter({ hasText: 'inventory' })).toContainText('75%')

  kubectl('prod-eu', 'delete', '-f', file)
  await expect(services.getByRole('link', { name: 'inventory', exact: true })).toHaveCount(0, {
    timeout: 5_000,
  })
})
