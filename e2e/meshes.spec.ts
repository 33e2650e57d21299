import { expect, test, type Page } from '@playwright/test'
import { kubectlJson } from './fixtures/lab'
import { openService } from './fixtures/navigate'

type Native = {
  apiVersion: string
  metadata: Record<string, unknown>
  spec: Record<string, unknown>
}

/** A native object as kubectl prints it, with what every write changes (and `weight` fields) blanked out. */
function withoutWeights(object: Native) {
  const copy = structuredClone(object)
  for (const field of ['resourceVersion', 'generation', 'managedFields'])
    delete copy.metadata[field]
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip)
    if (value && typeof value === 'object')
      return Object.fromEntries(
        Object.entries(value)
          .filter(([k]) => k !== 'weight')
          .map(([k, v]) => [k, strip(v)]),
      )
    return value
  }
  return { ...copy, spec: strip(copy.spec) }
}

/** Relative native weights as integer percents ("emoji-v1=80 emoji-v2=20"). */
function percents(weights: [string, number][]): string {
  const sum = weights.reduce((s, [, w]) => s + w, 0)
  return weights.map(([name, w]) => `${name}=${Math.round((100 * w) / sum)}`).join(' ')
}

type HTTPRoute = Native & {
  spec: { rules: { backendRefs: { name: string; weight?: number }[] }[] }
}
const routeWeights = (route: HTTPRoute) =>
  percents(route.spec.rules.at(-1)!.backendRefs.map((b) => [b.name, b.weight ?? 1]))

type TrafficSplit = Native & { spec: { backends: { service: string; weight: number }[] } }
const smiWeights = (split: TrafficSplit) =>
  percents(split.spec.backends.map((b) => [b.service, b.weight]))

type ServiceSplitter = Native & { spec: { splits: { serviceSubset: string; weight: number }[] } }
const consulWeights = (splitter: ServiceSplitter) =>
  percents(splitter.spec.splits.map((s) => [s.serviceSubset, s.weight]))

/** Overview → mesh → service, the canary's exact percent typed in, Apply (confirmed when a tool owns the object). */
async function shift(
  page: Page,
  where: { cluster: string; kind: string; service: string },
  backend: string,
  percent: number,
  owner?: string,
) {
  await openService(page, where.cluster, where.service, where.kind)
  await page.getByRole('spinbutton', { name: `Percent for ${backend}` }).fill(String(percent))
  await expect(page.getByTestId('split-total')).toHaveText('100%')
  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  if (owner) {
    const dialog = page.getByRole('dialog', {
      name: `Apply a change to an object managed by ${owner}?`,
    })
    await dialog.getByRole('button', { name: 'Apply anyway' }).click()
  }
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toContainText(
    `${backend} ${percent}%`,
  )
}

test('the overview lists every mesh with its kind, version, cluster and mTLS', async ({ page }) => {
  await page.goto('/')
  const meshes = page.getByRole('table', { name: 'Meshes' })
  const expected = [
    ['istio', '1.24.2', 'prod-eu'],
    ['linkerd', 'edge-24.11.8', 'linkerd'],
    ['istio', '1.24.2', 'mixed'],
    ['gateway-api', 'v1', 'mixed'],
    ['smi', '1.2.4', 'smi'],
    ['consul', '1.20.1', 'consul'],
    ['appmesh', 'v1', 'payments/us-east-1'],
  ]
  for (const [kind, version, cluster] of expected) {
    const row = meshes
      .getByRole('row')
      .filter({ has: page.getByRole('cell', { name: kind, exact: true }) })
      .filter({ has: page.getByRole('cell', { name: version, exact: true }) })
      .filter({ hasText: cluster })
    await expect(row, `${kind} ${version} in ${cluster}`).toHaveCount(1)
  }
  const smi = meshes.getByRole('row').filter({ hasText: 'osm' })
  await expect(smi).toContainText('strict')
  await expect(smi).toContainText('archived API')
})

test('one session shifts traffic in Linkerd, Consul and SMI clusters, each native object checked with kubectl', async ({
  page,
}) => {
  const emoji = () =>
    kubectlJson<HTTPRoute>(
      'linkerd',
      'get',
      'httproutes.gateway.networking.k8s.io',
      'emoji-split',
      '-n',
      'emojivoto',
    )
  const api = () =>
    kubectlJson<ServiceSplitter>(
      'consul',
      'get',
      'servicesplitters.consul.hashicorp.com',
      'api',
      '-n',
      'hashicups',
    )
  const bookstore = () =>
    kubectlJson<TrafficSplit>(
      'smi',
      'get',
      'trafficsplits.v1alpha2.split.smi-spec.io',
      'bookstore-split',
      '-n',
      'bookstore',
    )
  const before = { emoji: emoji(), api: api(), bookstore: bookstore() }
  expect(routeWeights(before.emoji)).toBe('emoji-v1=50 emoji-v2=50')
  expect(consulWeights(before.api)).toBe('v1=90 v2=10')
  expect(smiWeights(before.bookstore)).toBe('bookstore-v1=75 bookstore-v2=25')

  await shift(
    page,
    { cluster: 'linkerd', kind: 'linkerd', service: 'emoji' },
    'emoji-v2',
    20,
    'Flux',
  )
  await shift(
    page,
    { cluster: 'consul', kind: 'consul', service: 'api' },
    'v2',
    30,
    'terraform-provider-kubernetes',
  )
  await shift(page, { cluster: 'smi', kind: 'smi', service: 'bookstore' }, 'bookstore-v2', 40)

  const after = { emoji: emoji(), api: api(), bookstore: bookstore() }
  expect(routeWeights(after.emoji)).toBe('emoji-v1=80 emoji-v2=20')
  // The path rule before the weighted one is left exactly as it was.
  expect(after.emoji.spec.rules[0]).toEqual(before.emoji.spec.rules[0])
  expect(consulWeights(after.api)).toBe('v1=70 v2=30')
  expect(smiWeights(after.bookstore)).toBe('bookstore-v1=60 bookstore-v2=40')
  expect(after.bookstore.apiVersion).toBe('split.smi-spec.io/v1alpha2')
  for (const key of ['emoji', 'api', 'bookstore'] as const)
    expect(withoutWeights(after[key]), key).toEqual(withoutWeights(before[key]))
})

test('a GitOps-managed object asks for confirmation before Apply writes it', async ({ page }) => {
  const voting = () =>
    kubectlJson<HTTPRoute>(
      'linkerd',
      'get',
      'httproutes.policy.linkerd.io',
      'voting-split',
      '-n',
      'emojivoto',
    )
  const before = voting()
  expect(routeWeights(before)).toBe('voting-v1=90 voting-v2=10')

  await openService(page, 'linkerd', 'voting', 'linkerd')
  await expect(page.getByRole('note').filter({ hasText: 'Managed by Argo CD' })).toContainText(
    'your change may be reverted',
  )
  await page.getByRole('spinbutton', { name: 'Percent for voting-v2' }).fill('30')
  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  const dialog = page.getByRole('dialog', {
    name: 'Apply a change to an object managed by Argo CD?',
  })
  await expect(dialog).toBeVisible()
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await expect(dialog).toBeHidden()
  expect(voting().metadata.resourceVersion).toBe(before.metadata.resourceVersion)

  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await dialog.getByRole('button', { name: 'Apply anyway' }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toContainText(
    'voting-v2 30%',
  )
  expect(routeWeights(voting())).toBe('voting-v1=70 voting-v2=30')
})

test('a service routed by several objects names them all and marks the one Meshpane writes', async ({
  page,
}) => {
  await openService(page, 'mixed', 'reviews', 'istio')
  const routing = page.getByRole('region', { name: 'Routing' })
  await expect(routing).toContainText(/\d objects route this service/)
  await expect(routing.getByText('Meshpane writes this one')).toHaveCount(1)
  await expect(
    routing.getByRole('listitem').filter({ hasText: 'Meshpane writes this one' }),
  ).toContainText('VirtualService')
})

test('a header match is added in the editor and written to the VirtualService', async ({
  page,
}) => {
  await openService(page, 'mixed', 'reviews', 'istio')
  const matches = page.getByRole('group', { name: 'Header and cookie matches' })
  await matches.getByRole('button', { name: 'Add match' }).click()
  await matches.getByRole('combobox', { name: 'Backend of match 1' }).selectOption('v2')
  await matches.getByRole('textbox', { name: 'Name of match 1, condition 1' }).fill('x-beta')
  await matches.getByRole('textbox', { name: 'Value of match 1, condition 1' }).fill('true')
  await page.getByRole('button', { name: 'Apply', exact: true }).click()
  await expect(page.getByRole('status').filter({ hasText: 'Applied' })).toBeVisible()

  type VirtualService = Native & {
    spec: {
      http: {
        match?: { headers?: Record<string, { exact?: string }> }[]
        route: { destination: { subset: string } }[]
      }[]
    }
  }
  const vs = kubectlJson<VirtualService>(
    'mixed',
    'get',
    'virtualservice',
    'reviews',
    '-n',
    'bookinfo',
  )
  const pinned = vs.spec.http.find((h) =>
    h.match?.some((m) => m.headers?.['x-beta']?.exact === 'true'),
  )
  expect(
    pinned?.route.map((r) => r.destination.subset),
    JSON.stringify(vs.spec),
  ).toEqual(['v2'])
  await expect(matches.getByRole('textbox', { name: 'Value of match 1, condition 1' })).toHaveValue(
    'true',
  )
})
