import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  DescribeMeshCommand,
  DescribeRouteCommand,
  DescribeVirtualNodeCommand,
  DescribeVirtualRouterCommand,
  DescribeVirtualServiceCommand,
  ListMeshesCommand,
  ListRoutesCommand,
  ListVirtualNodesCommand,
  ListVirtualRoutersCommand,
  ListVirtualServicesCommand,
  NotFoundException,
  BadRequestException,
  ForbiddenException,
  UpdateRouteCommand,
  paginateListVirtualNodes,
} from '@aws-sdk/client-app-mesh'
import { clientFor, startDemoAwsLab } from './test-helpers'

let lab: Awaited<ReturnType<typeof startDemoAwsLab>>
beforeAll(async () => {
  lab = await startDemoAwsLab()
})
afterAll(() => lab.stop())

describe('App Mesh lab, read through the real SDK', () => {
  it('lists own and shared meshes per account and region, with numeric timestamps as Dates', async () => {
    const platform = await clientFor(lab, 'platform', 'eu-west-1').send(new ListMeshesCommand({}))
    expect(platform.meshes?.map((m) => m.meshName)).toEqual(['storefront'])
    const payments = await clientFor(lab, 'payments', 'eu-west-1').send(new ListMeshesCommand({}))
    const shared = payments.meshes?.find((m) => m.meshName === 'storefront')
    expect(payments.meshes?.map((m) => m.meshName)).toEqual(['payments', 'storefront'])
    expect(shared).toMatchObject({
      meshOwner: '111111111111',
      resourceOwner: '111111111111',
      version: 1,
    })
    expect(shared?.createdAt).toBeInstanceOf(Date)
    expect(shared?.arn).toBe('arn:aws:appmesh:eu-west-1:111111111111:mesh/storefront')
    const apac = await clientFor(lab, 'platform', 'ap-southeast-2').send(new ListMeshesCommand({}))
    expect(apac.meshes).toEqual([])
  })

  it('describes every kind the adapter walks: mesh, service, router, route, node', async () => {
    const c = clientFor(lab, 'payments', 'eu-west-1')
    const meshName = 'payments'
    expect((await c.send(new DescribeMeshCommand({ meshName }))).mesh?.status?.status).toBe(
      'ACTIVE',
    )
    const services = await c.send(new ListVirtualServicesCommand({ meshName }))
    expect(services.virtualServices?.map((s) => s.virtualServiceName)).toEqual([
      'fraud.payments.local',
      'ledger.payments.local',
    ])
    const vs = await c.send(
      new DescribeVirtualServiceCommand({ meshName, virtualServiceName: 'fraud.payments.local' }),
    )
    const virtualRouterName = vs.virtualService?.spec?.provider?.virtualRouter?.virtualRouterName
    expect(virtualRouterName).toBe('fraud-router')
    expect((await c.send(new ListVirtualRoutersCommand({ meshName }))).virtualRouters).toHaveLength(
      2,
    )
    const router = await c.send(
      new DescribeVirtualRouterCommand({ meshName, virtualRouterName: 'fraud-router' }),
    )
    expect(router.virtualRouter?.spec?.listeners?.[0]?.portMapping).toEqual({
      port: 8080,
      protocol: 'http',
    })
    const routes = await c.send(
      new ListRoutesCommand({ meshName, virtualRouterName: 'fraud-router' }),
    )
    expect(routes.routes?.map((r) => r.routeName)).toEqual(['fraud-route'])
    const route = await c.send(
      new DescribeRouteCommand({
        meshName,
        virtualRouterName: 'fraud-router',
        routeName: 'fraud-route',
      }),
    )
    expect(route.route?.spec?.httpRoute?.action?.weightedTargets).toEqual([
      { virtualNode: 'fraud-v1', weight: 70 },
      { virtualNode: 'fraud-v2', weight: 20 },
      { virtualNode: 'fraud-v3', weight: 10 },
    ])
    const node = await c.send(
      new DescribeVirtualNodeCommand({ meshName, virtualNodeName: 'fraud-v3' }),
    )
    expect(node.virtualNode?.spec?.serviceDiscovery?.dns?.hostname).toBe('fraud-v3.payments.local')
  })

  it('pages with limit and nextToken, and refuses a bad limit or token', async () => {
    const c = clientFor(lab, 'platform', 'eu-west-1')
    const first = await c.send(new ListVirtualNodesCommand({ meshName: 'storefront', limit: 2 }))
    expect(first.virtualNodes).toHaveLength(2)
    expect(first.nextToken).toBeTruthy()
    const names: string[] = []
    for await (const page of paginateListVirtualNodes(
      { client: c, pageSize: 1 },
      { meshName: 'storefront' },
    ))
      names.push(...(page.virtualNodes ?? []).map((n) => n.virtualNodeName!))
    expect(names).toEqual([
      'catalog-v1',
      'checkout-v1',
      'checkout-v2',
      'frontend-v1',
      'frontend-v2',
    ])
    await expect(
      c.send(new ListVirtualNodesCommand({ meshName: 'storefront', limit: 101 })),
    ).rejects.toBeInstanceOf(BadRequestException)
    await expect(
      c.send(new ListVirtualNodesCommand({ meshName: 'storefront', nextToken: 'garbage' })),
    ).rejects.toBeInstanceOf(BadRequestException)
  })

  it('answers a missing resource with NotFoundException, its status and message', async () => {
    const c = clientFor(lab, 'platform', 'eu-west-1')
    const error = await c
      .send(
        new DescribeRouteCommand({
          meshName: 'storefront',
          virtualRouterName: 'frontend-router',
          routeName: 'nope',
        }),
      )
      .catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotFoundException)
    expect((error as NotFoundException).$metadata.httpStatusCode).toBe(404)
    expect((error as NotFoundException).message).toBe('Route nope not found')
    // A shared mesh is found only with its meshOwner.
    const other = clientFor(lab, 'payments', 'eu-west-1')
    await expect(
      other.send(new DescribeMeshCommand({ meshName: 'storefront' })),
    ).rejects.toBeInstanceOf(NotFoundException)
    const shared = await other.send(
      new DescribeMeshCommand({ meshName: 'storefront', meshOwner: '111111111111' }),
    )
    expect(shared.mesh?.metadata?.meshOwner).toBe('111111111111')
  })
})

describe('App Mesh lab, UpdateRoute', () => {
  const key = {
    meshName: 'storefront',
    virtualRouterName: 'frontend-router',
    routeName: 'frontend-route',
  }

  it('replaces the spec, bumps the version and lastUpdatedAt, and is idempotent per clientToken', async () => {
    const c = clientFor(lab, 'platform', 'eu-west-1')
    const before = (await c.send(new DescribeRouteCommand(key))).route!
    const spec = {
      ...before.spec!,
      httpRoute: {
        ...before.spec!.httpRoute!,
        action: {
          weightedTargets: [
            { virtualNode: 'frontend-v1', weight: 50 },
            { virtualNode: 'frontend-v2', weight: 50 },
          ],
        },
      },
    }
    const updated = (await c.send(new UpdateRouteCommand({ ...key, spec, clientToken: 'token-1' })))
      .route!
    expect(updated.metadata?.version).toBe(before.metadata!.version! + 1)
    expect(updated.metadata!.lastUpdatedAt!.getTime()).toBeGreaterThan(
      before.metadata!.lastUpdatedAt!.getTime(),
    )
    expect(updated.spec).toEqual(spec)
    const retried = (await c.send(new UpdateRouteCommand({ ...key, spec, clientToken: 'token-1' })))
      .route!
    expect(retried.metadata?.version).toBe(updated.metadata?.version)
    const reread = (await c.send(new DescribeRouteCommand(key))).route!
    expect(reread.spec?.httpRoute?.action?.weightedTargets?.map((t) => t.weight)).toEqual([50, 50])
  })

  it('refuses unknown targets and bad weights, and writes by a non-owner in a shared mesh', async () => {
    const c = clientFor(lab, 'platform', 'eu-west-1')
    const bad = (virtualNode: string, weight: number) => ({
      httpRoute: { match: { prefix: '/' }, action: { weightedTargets: [{ virtualNode, weight }] } },
    })
    await expect(
      c.send(new UpdateRouteCommand({ ...key, spec: bad('ghost', 100) })),
    ).rejects.toBeInstanceOf(BadRequestException)
    await expect(
      c.send(new UpdateRouteCommand({ ...key, spec: bad('frontend-v1', 101) })),
    ).rejects.toBeInstanceOf(BadRequestException)
    const checkout = {
      meshName: 'storefront',
      virtualRouterName: 'checkout-router',
      routeName: 'checkout-route',
    }
    const spec = { priority: 1000, ...bad('checkout-v1', 100) }
    await expect(c.send(new UpdateRouteCommand({ ...checkout, spec }))).rejects.toBeInstanceOf(
      ForbiddenException,
    )
    const owner = clientFor(lab, 'payments', 'eu-west-1')
    const done = await owner.send(
      new UpdateRouteCommand({ ...checkout, spec, meshOwner: '111111111111' }),
    )
    expect(done.route?.metadata).toMatchObject({
      meshOwner: '111111111111',
      resourceOwner: '222222222222',
      version: 2,
    })
  })
})
