import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TagResourceCommand, UntagResourceCommand } from '@aws-sdk/client-app-mesh'
import { readOwner } from '@/server/adapters/appmesh/owner'
import { NotFoundError } from '@/server/errors'
import type { AwsSource } from '@/server/sources/aws'
import { routeHandle, sourcesFor, startDemoLab, type DemoLab } from './world'

let lab: DemoLab
let source: (name: string) => AwsSource
beforeAll(async () => {
  lab = await startDemoLab()
  const sources = sourcesFor(lab)
  source = (name) => sources.find((s) => s.ref.name === name)!
})
afterAll(() => lab?.stop())

const signal = () => AbortSignal.timeout(10_000)

describe('readOwner of an App Mesh route, against the lab', () => {
  const frontend = () =>
    routeHandle(lab, 'platform', 'eu-west-1', {
      meshName: 'storefront',
      virtualRouterName: 'frontend-router',
      routeName: 'frontend-route',
    })

  it('names nobody for an untagged route, the stack once CloudFormation manages it, nobody after', async () => {
    const route = frontend()
    const arn = await route.arn()
    const platform = source('platform/eu-west-1')
    expect(await readOwner(platform, arn, signal())).toBeUndefined()
    await route.own('storefront-web')
    const owner = {
      manager: 'cloudformation',
      detail: 'CloudFormation stack storefront-web (resource Route)',
    }
    expect(await readOwner(platform, arn, signal())).toEqual(owner)
    // The account the mesh is shared with reads the same owner.
    expect(await readOwner(source('payments/eu-west-1'), arn, signal())).toEqual(owner)
    await route.disown()
    expect(await readOwner(platform, arn, signal())).toBeUndefined()
  })

  it('follows a ManagedBy tag an operator put on with TagResource, until UntagResource', async () => {
    const route = frontend()
    const resourceArn = await route.arn()
    const tags = [{ key: 'ManagedBy', value: 'Terraform' }]
    await route.client.send(new TagResourceCommand({ resourceArn, tags }))
    const platform = source('platform/eu-west-1')
    expect(await readOwner(platform, resourceArn, signal())).toEqual({
      manager: 'terraform',
      detail: 'tag ManagedBy=Terraform',
    })
    await route.client.send(new UntagResourceCommand({ resourceArn, tagKeys: ['ManagedBy'] }))
    expect(await readOwner(platform, resourceArn, signal())).toBeUndefined()
  })

  it('reads the stack the demo scenario puts the admin service in', async () => {
    const admin = routeHandle(lab, 'platform', 'us-east-1', {
      meshName: 'internal-tools',
      virtualRouterName: 'admin-router',
      routeName: 'admin-route',
    })
    expect(await readOwner(source('platform/us-east-1'), await admin.arn(), signal())).toEqual({
      manager: 'cloudformation',
      detail: 'CloudFormation stack internal-tools',
    })
  })

  it('fails with NotFoundError, naming the source, for a route that does not exist', async () => {
    const arn = 'arn:aws:appmesh:eu-west-1:111111111111:mesh/storefront/virtualRouter/x/route/y'
    const error = await readOwner(source('platform/eu-west-1'), arn, signal()).catch(
      (e: unknown) => e,
    )
    expect(error).toBeInstanceOf(NotFoundError)
    expect((error as Error).message).toMatch(/^platform\/eu-west-1: /)
  })
})
