import { describe, expect, it } from 'vitest'
import { ownerOfTags } from './owner'

const tags = (record: Record<string, string>) =>
  Object.entries(record).map(([key, value]) => ({ key, value }))

const STACK_ID =
  'arn:aws:cloudformation:eu-west-1:111111111111:stack/payments-routes/6f1c2a40-1b2c-11ef-9c2a-0a1b2c3d4e5f'

describe('ownerOfTags', () => {
  it.each([
    ['no tags', {}],
    ['tags that name no tool', { team: 'payments', Name: 'ledger-route' }],
    ['a ManagedBy naming people or Meshpane', { ManagedBy: 'Meshpane', 'managed-by': 'manual' }],
    ['an empty ManagedBy', { ManagedBy: '' }],
    ['Terraform=false', { Terraform: 'false' }],
  ])('names nobody for %s', (_, record) => {
    expect(ownerOfTags(tags(record))).toBeUndefined()
  })

  it('names the CloudFormation stack and logical id that CloudFormation tagged the resource with', () => {
    const owner = ownerOfTags(
      tags({
        'aws:cloudformation:stack-name': 'payments-routes',
        'aws:cloudformation:stack-id': STACK_ID,
        'aws:cloudformation:logical-id': 'LedgerRoute',
      }),
    )
    expect(owner).toEqual({
      manager: 'cloudformation',
      detail: 'CloudFormation stack payments-routes (resource LedgerRoute)',
    })
  })

  it('reads the stack name from the stack id when that is all there is', () => {
    expect(ownerOfTags(tags({ 'aws:cloudformation:stack-id': STACK_ID }))).toEqual({
      manager: 'cloudformation',
      detail: 'CloudFormation stack payments-routes',
    })
  })

  it('names the Copilot application, environment and service over their CloudFormation stack', () => {
    const owner = ownerOfTags(
      tags({
        'aws:cloudformation:stack-name': 'shop-prod-api',
        'copilot-application': 'shop',
        'copilot-environment': 'prod',
        'copilot-service': 'api',
      }),
    )
    expect(owner).toEqual({
      manager: 'copilot',
      detail: 'Copilot application shop, environment prod, service api',
    })
  })

  it.each([
    [{ ManagedBy: 'Terraform' }, 'terraform', 'tag ManagedBy=Terraform'],
    [{ 'managed-by': 'pulumi' }, 'pulumi', 'tag managed-by=pulumi'],
    [{ managed_by: 'crossplane' }, 'crossplane', 'tag managed_by=crossplane'],
    [{ Terraform: 'true' }, 'terraform', 'tag Terraform=true'],
  ])(
    'follows the conventions for tools that set no tag of their own: %o',
    (record, manager, detail) => {
      expect(ownerOfTags(tags(record))).toEqual({ manager, detail })
    },
  )

  it('prefers the stack that applies the resource to a ManagedBy tag, and skips keyless tags', () => {
    const owner = ownerOfTags([
      { value: 'orphan' },
      ...tags({ ManagedBy: 'terraform', 'aws:cloudformation:stack-name': 'mesh' }),
    ])
    expect(owner?.manager).toBe('cloudformation')
  })
})
