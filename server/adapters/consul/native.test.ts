import { describe, expect, it } from 'vitest'
import { misfit } from '@/server/adapters/problems'
import { backendName, ServiceSplitter } from './native'

const splitter = (splits: unknown[], namespace = 'shop') => ({
  apiVersion: 'consul.hashicorp.com/v1alpha1',
  kind: 'ServiceSplitter',
  metadata: { name: 'web', namespace },
  spec: { splits },
})

describe('a ServiceSplitter as Consul reads it', () => {
  it('takes float weights of .01 that sum to 100, and keeps fields it does not read', () => {
    const s = splitter([
      { weight: 33.33, serviceSubset: 'v1', responseHeaders: { set: { 'x-v': '1' } } },
      { weight: 33.33, serviceSubset: 'v2' },
      { weight: 33.34, serviceSubset: 'v3' },
    ])
    expect(misfit(ServiceSplitter, s)).toBeNull()
    expect(ServiceSplitter.parse(s)).toEqual(s)
  })

  it('refuses what Consul refuses: weights as strings or out of range, a total other than 100, a destination twice', () => {
    expect(misfit(ServiceSplitter, splitter([{ weight: '50' }, { weight: 50 }]))).toBe(
      'spec.splits.0.weight: must be a number, not a string',
    )
    expect(misfit(ServiceSplitter, splitter([{ weight: 101 }]))).toBe(
      'spec.splits.0.weight: must be at most 100; spec.splits: weights must sum to 100, not 101',
    )
    expect(
      misfit(
        ServiceSplitter,
        splitter([
          { weight: 50, serviceSubset: 'v1' },
          { weight: 50, serviceSubset: 'v1' },
        ]),
      ),
    ).toBe('spec.splits.1: sends to the same destination as splits.0')
  })
})

describe('the backend a split names', () => {
  const of = (split: Record<string, unknown>) =>
    backendName({ weight: 50, ...split }, ServiceSplitter.parse(splitter([{ weight: 100 }])))

  it("leaves out what is the splitter's own: its service, namespace and partition", () => {
    expect(of({ serviceSubset: 'v2' })).toBe('v2')
    expect(of({})).toBe('web')
    expect(of({ service: 'web', namespace: 'shop', serviceSubset: 'v1' })).toBe('v1')
  })

  it('spells out, as Consul names targets, what differs', () => {
    expect(of({ service: 'web-rewrite' })).toBe('web-rewrite')
    expect(of({ service: 'web-rewrite', serviceSubset: 'v1' })).toBe('v1.web-rewrite')
    expect(of({ namespace: 'canary', serviceSubset: 'v2' })).toBe('v2.web.canary')
    expect(of({ partition: 'eu' })).toBe('web.shop.eu')
  })
})
