import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { Inventory } from '@/server/inventory'
import { routeHandle, sourcesFor, startDemoLab, type DemoLab } from './world'
import { testSplits } from '@/server/fixtures/splits'

let lab: DemoLab
beforeAll(async () => {
  lab = await startDemoLab()
})
afterAll(() => lab.stop())

describe('App Mesh in the inventory', () => {
  it('shows every account×region as a source, with meshes of both accounts and the shared one', async () => {
    const inventory = new Inventory(sourcesFor(lab), 3000)
    const sources = await inventory.listSources()
    expect(sources.map((s) => [s.name, s.kind, s.status])).toEqual([
      ['platform/eu-west-1', 'aws', 'ok'],
      ['platform/us-east-1', 'aws', 'ok'],
      ['payments/eu-west-1', 'aws', 'ok'],
      ['payments/us-east-1', 'aws', 'ok'],
      ['payments/ap-southeast-2', 'aws', 'ok'],
    ])
    const { items, errors } = await inventory.listMeshes()
    expect(errors).toEqual([])
    expect(items.map((m) => `${m.source.name}:${m.name}`).sort()).toEqual([
      'payments/ap-southeast-2:payments-apac',
      'payments/eu-west-1:payments',
      'payments/eu-west-1:storefront',
      'payments/us-east-1:payments-us',
      'platform/eu-west-1:storefront',
      'platform/us-east-1:internal-tools',
    ])
    const shared = items.find(
      (m) => m.source.name === 'payments/eu-west-1' && m.name === 'storefront',
    )!
    expect(shared.aws).toMatchObject({
      region: 'eu-west-1',
      accountId: '222222222222',
      meshOwner: '111111111111',
      shared: true,
      endOfSupport: '2026-09-30',
    })
    expect(shared.deprecated).toMatch(/ECS Service Connect.*VPC Lattice/)
    const own = items.find((m) => m.source.name === 'platform/eu-west-1')!
    expect(own.aws).toMatchObject({ accountId: '111111111111', shared: false })
  })

  it('says so when another write landed between its version check and its UpdateRoute, and records it', async () => {
    const inventory = new Inventory(sourcesFor(lab), 3000)
    const splits = await testSplits(inventory)
    const mesh = (await inventory.listMeshes()).items.find(
      (m) => m.source.name === 'payments/us-east-1' && m.name === 'payments-us',
    )!
    const refunds = (await inventory.listServices(mesh.id)).find(
      (s) => s.name === 'refunds.payments-us.local',
    )!
    const route = routeHandle(lab, 'payments', 'us-east-1', {
      meshName: 'payments-us',
      virtualRouterName: 'refunds-router',
      routeName: 'refunds-route',
    })
    await route.race()
    const written = await splits.apply(refunds.id, {
      backends: refunds.backends.map((b, i) => ({ name: b.name, weight: i === 0 ? 60 : 40 })),
      revision: refunds.revision,
    })
    expect(written.outcome).toBe('applied')
    expect(written.revision).toBe(String(Number(refunds.revision) + 2))
    expect(written.warnings).toEqual([expect.stringMatching(/another write .* was overwritten/)])
    expect((await splits.records()).at(-1)).toMatchObject({
      outcome: 'applied',
      identity: expect.stringMatching(/^AWS profile payments as arn:aws:iam::/),
      warnings: written.warnings,
    })
  })

  it('lists the services of a shared mesh, routes and header routes included, and shifts the one the account owns', async () => {
    const inventory = new Inventory(sourcesFor(lab), 3000)
    const splits = await testSplits(inventory)
    const shared = (await inventory.listMeshes()).items.find(
      (m) => m.source.name === 'payments/eu-west-1' && m.name === 'storefront',
    )!
    const services = await inventory.listServices(shared.id)
    expect(
      services.map((s) => [s.name, s.backends.map((b) => `${b.name}=${b.weight}`).join(' ')]),
    ).toEqual([
      ['catalog.storefront.local', 'catalog-v1=100'],
      ['checkout.storefront.local', 'checkout-v1=100 checkout-v2=0'],
      ['frontend.storefront.local', 'frontend-v1=80 frontend-v2=20'],
    ])
    const checkout = services.find((s) => s.name === 'checkout.storefront.local')!
    expect(checkout.routing.map((r) => [r.name, r.active])).toEqual([
      ['checkout-router/checkout-beta', false],
      ['checkout-router/checkout-route', true],
    ])
    const preview = await splits.preview(checkout.id, {
      backends: [
        { name: 'checkout-v1', weight: 70 },
        { name: 'checkout-v2', weight: 30 },
      ],
      revision: checkout.revision,
    })
    expect(preview.object).toMatchObject({
      kind: 'Route',
      namespace: 'storefront',
      name: 'checkout-router/checkout-route',
    })
    expect(preview.after).toMatch(/weight: 30/)
    const written = await splits.apply(checkout.id, {
      backends: [
        { name: 'checkout-v1', weight: 70 },
        { name: 'checkout-v2', weight: 30 },
      ],
      revision: checkout.revision,
    })
    expect(written).toEqual({
      backends: [
        { name: 'checkout-v1', weight: 70 },
        { name: 'checkout-v2', weight: 30 },
      ],
      revision: String(Number(checkout.revision) + 1),
      outcome: 'applied',
    })
    // The platform account sees the same mesh but does not own that route: AWS refuses, and so do we.
    const platformMesh = (await inventory.listMeshes()).items.find(
      (m) => m.source.name === 'platform/eu-west-1',
    )!
    const theirs = (await inventory.listServices(platformMesh.id)).find(
      (s) => s.name === 'checkout.storefront.local',
    )!
    const error = await splits
      .apply(theirs.id, {
        backends: [
          { name: 'checkout-v1', weight: 100 },
          { name: 'checkout-v2', weight: 0 },
        ],
        revision: theirs.revision,
      })
      .catch((e: unknown) => e)
    expect(error).toMatchObject({
      status: 'forbidden',
      message: expect.stringContaining('ForbiddenException'),
    })
  })

  it('reports a rejected account and a throttling region, and still shows the rest', async () => {
    await lab.control.setAwsFault('payments', 'rejected')
    await lab.control.setAwsFault('platform/us-east-1', 'throttled')
    try {
      const inventory = new Inventory(sourcesFor(lab), 3000)
      const started = Date.now()
      const [sources, meshes] = await Promise.all([inventory.listSources(), inventory.listMeshes()])
      expect(Date.now() - started).toBeLessThan(4000)
      const status = Object.fromEntries(
        sources.map((s) => [s.name, `${s.status}: ${s.error ?? ''}`]),
      )
      expect(status['platform/eu-west-1']).toBe('ok: ')
      expect(status['platform/us-east-1']).toMatch(
        /^unreachable: .*throttled.*TooManyRequestsException/,
      )
      for (const region of ['eu-west-1', 'us-east-1', 'ap-southeast-2'])
        expect(status[`payments/${region}`]).toMatch(
          /^forbidden: .*(InvalidClientTokenId|UnrecognizedClientException)/,
        )
      expect(meshes.items.map((m) => `${m.source.name}:${m.name}`)).toEqual([
        'platform/eu-west-1:storefront',
      ])
      expect(meshes.errors.map((e) => e.sourceName).sort()).toEqual([
        'payments/ap-southeast-2',
        'payments/eu-west-1',
        'payments/us-east-1',
        'platform/us-east-1',
      ])
      expect(JSON.stringify([sources, meshes])).not.toContain(
        (await lab.credentials('payments')()).secretAccessKey,
      )
    } finally {
      await lab.control.setAwsFault('payments', 'none')
      await lab.control.setAwsFault('platform/us-east-1', 'none')
    }
  })
})
