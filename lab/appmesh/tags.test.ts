import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  BadRequestException,
  DescribeRouteCommand,
  DescribeVirtualServiceCommand,
  ForbiddenException,
  ListTagsForResourceCommand,
  NotFoundException,
  TagResourceCommand,
  TooManyTagsException,
  UntagResourceCommand,
  paginateListTagsForResource,
  type AppMeshClient,
} from '@aws-sdk/client-app-mesh'
import { clientFor, startDemoAwsLab } from './test-helpers'

let lab: Awaited<ReturnType<typeof startDemoAwsLab>>
beforeAll(async () => {
  lab = await startDemoAwsLab()
})
afterAll(() => lab.stop())

const storefront = (virtualRouterName: string, routeName: string) => ({
  meshName: 'storefront',
  meshOwner: '111111111111',
  virtualRouterName,
  routeName,
})
const arnOf = async (c: AppMeshClient, key: ReturnType<typeof storefront>) =>
  (await c.send(new DescribeRouteCommand(key))).route!.metadata!.arn!
const tagsOf = async (c: AppMeshClient, resourceArn: string) =>
  (await c.send(new ListTagsForResourceCommand({ resourceArn }))).tags

/** What CloudFormation does to a resource of stack `stack`: through the lab's stand-in for AWS itself. */
async function tagAsCloudFormation(resourceArn: string, stack: string) {
  const res = await fetch(
    `${lab.endpoint}/_lab/tag?resourceArn=${encodeURIComponent(resourceArn)}`,
    {
      method: 'PUT',
      body: JSON.stringify({ tags: [{ key: 'aws:cloudformation:stack-name', value: stack }] }),
    },
  )
  expect(res.status).toBe(200)
}

describe('App Mesh lab, tags through the real SDK', () => {
  it('lists none, then adds, overwrites and removes tags by ARN, with 200 and an empty body', async () => {
    const c = clientFor(lab, 'platform', 'eu-west-1')
    const resourceArn = await arnOf(c, storefront('frontend-router', 'frontend-route'))
    expect(await tagsOf(c, resourceArn)).toEqual([])
    const tagged = await c.send(
      new TagResourceCommand({
        resourceArn,
        tags: [
          { key: 'team', value: 'web' },
          { key: 'ManagedBy', value: 'terraform' },
        ],
      }),
    )
    expect(tagged.$metadata.httpStatusCode).toBe(200)
    await c.send(new TagResourceCommand({ resourceArn, tags: [{ key: 'team', value: 'shop' }] }))
    expect(await tagsOf(c, resourceArn)).toEqual([
      { key: 'team', value: 'shop' },
      { key: 'ManagedBy', value: 'terraform' },
    ])
    await c.send(new UntagResourceCommand({ resourceArn, tagKeys: ['ManagedBy', 'never-set'] }))
    expect(await tagsOf(c, resourceArn)).toEqual([{ key: 'team', value: 'shop' }])
  })

  it('pages with limit and nextToken', async () => {
    const c = clientFor(lab, 'platform', 'eu-west-1')
    const { virtualService } = await c.send(
      new DescribeVirtualServiceCommand({
        meshName: 'storefront',
        virtualServiceName: 'catalog.storefront.local',
      }),
    )
    const resourceArn = virtualService!.metadata!.arn!
    const tags = ['a', 'b', 'c'].map((key) => ({ key, value: key.toUpperCase() }))
    await c.send(new TagResourceCommand({ resourceArn, tags }))
    const pages = []
    for await (const p of paginateListTagsForResource({ client: c, pageSize: 2 }, { resourceArn }))
      pages.push(p.tags!.map((t) => t.key))
    expect(pages).toEqual([['a', 'b'], ['c']])
  })

  it('answers an unknown ARN, another region or an unshared mesh with NotFoundException', async () => {
    const platform = clientFor(lab, 'platform', 'eu-west-1')
    const ghost = 'arn:aws:appmesh:eu-west-1:111111111111:mesh/storefront/virtualRouter/x/route/y'
    const error = await tagsOf(platform, ghost).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(NotFoundException)
    expect((error as NotFoundException).$metadata.httpStatusCode).toBe(404)
    const payments = clientFor(lab, 'payments', 'eu-west-1')
    const ledger = await payments.send(
      new DescribeRouteCommand({
        meshName: 'payments',
        virtualRouterName: 'ledger-router',
        routeName: 'ledger-route',
      }),
    )
    const ledgerArn = ledger.route!.metadata!.arn!
    await expect(tagsOf(platform, ledgerArn)).rejects.toBeInstanceOf(NotFoundException)
    await expect(
      platform.send(new TagResourceCommand({ resourceArn: ledgerArn, tags: [] })),
    ).rejects.toBeInstanceOf(NotFoundException)
    await expect(tagsOf(clientFor(lab, 'payments', 'us-east-1'), ledgerArn)).rejects.toBeInstanceOf(
      NotFoundException,
    )
  })

  it('in a shared mesh, lets every account read tags and only the resource owner change them', async () => {
    const payments = clientFor(lab, 'payments', 'eu-west-1')
    const platform = clientFor(lab, 'platform', 'eu-west-1')
    const checkout = await arnOf(payments, storefront('checkout-router', 'checkout-route'))
    const team = { key: 'team', value: 'pay' }
    await payments.send(new TagResourceCommand({ resourceArn: checkout, tags: [team] }))
    expect(await tagsOf(platform, checkout)).toEqual([team])
    await expect(
      platform.send(new UntagResourceCommand({ resourceArn: checkout, tagKeys: ['team'] })),
    ).rejects.toBeInstanceOf(ForbiddenException)
    const frontend = await arnOf(payments, storefront('frontend-router', 'frontend-route'))
    await expect(
      payments.send(new TagResourceCommand({ resourceArn: frontend, tags: [team] })),
    ).rejects.toBeInstanceOf(ForbiddenException)
  })

  it('keeps aws: keys for AWS itself: accounts can neither set nor remove them', async () => {
    const c = clientFor(lab, 'platform', 'eu-west-1')
    const resourceArn = await arnOf(c, storefront('frontend-router', 'frontend-route'))
    const stackTag = { key: 'AWS:cloudformation:stack-name', value: 'web' }
    await expect(
      c.send(new TagResourceCommand({ resourceArn, tags: [stackTag] })),
    ).rejects.toBeInstanceOf(BadRequestException)
    await tagAsCloudFormation(resourceArn, 'web')
    expect(await tagsOf(c, resourceArn)).toContainEqual({
      key: 'aws:cloudformation:stack-name',
      value: 'web',
    })
    await expect(
      c.send(new UntagResourceCommand({ resourceArn, tagKeys: ['aws:cloudformation:stack-name'] })),
    ).rejects.toBeInstanceOf(BadRequestException)
  })

  it('refuses more than 50 user tags on a resource, not counting aws: ones, applying none', async () => {
    const c = clientFor(lab, 'payments', 'eu-west-1')
    const key = {
      meshName: 'payments',
      virtualRouterName: 'fraud-router',
      routeName: 'fraud-route',
    }
    const resourceArn = (await c.send(new DescribeRouteCommand(key))).route!.metadata!.arn!
    await tagAsCloudFormation(resourceArn, 'fraud')
    const tags = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ key: `k${from + i}`, value: '' }))
    await c.send(new TagResourceCommand({ resourceArn, tags: tags(0, 50) }))
    await expect(
      c.send(new TagResourceCommand({ resourceArn, tags: tags(50, 1) })),
    ).rejects.toBeInstanceOf(TooManyTagsException)
    expect(await tagsOf(c, resourceArn)).toHaveLength(51)
  })
})

describe('App Mesh lab, tags from the scenario', () => {
  it('puts a mesh’s, a service’s and a route’s tags on the resources they name', async () => {
    const small = await startDemoAwsLab({
      meshes: [
        {
          name: 'shop',
          account: 'platform',
          region: 'eu-west-1',
          tags: { env: 'prod' },
          services: [
            {
              name: 'cart.shop.local',
              versions: { 'cart-v1': 100 },
              tags: { 'aws:cloudformation:stack-name': 'cart' },
              routes: [{ name: 'beta', targets: { 'cart-v1': 1 }, tags: { lane: 'beta' } }],
            },
          ],
        },
      ],
    })
    try {
      const c = clientFor(small, 'platform', 'eu-west-1')
      const arn = (path: string) => `arn:aws:appmesh:eu-west-1:111111111111:mesh/shop${path}`
      expect(await tagsOf(c, arn(''))).toEqual([{ key: 'env', value: 'prod' }])
      const stack = { key: 'aws:cloudformation:stack-name', value: 'cart' }
      expect(await tagsOf(c, arn('/virtualRouter/cart-router/route/cart-route'))).toEqual([stack])
      expect(await tagsOf(c, arn('/virtualRouter/cart-router/route/beta'))).toEqual([
        stack,
        { key: 'lane', value: 'beta' },
      ])
      expect(await tagsOf(c, arn('/virtualNode/cart-v1'))).toEqual([stack])
      expect(await tagsOf(c, arn('/virtualService/cart.shop.local'))).toEqual([stack])
    } finally {
      await small.stop()
    }
  })
})
