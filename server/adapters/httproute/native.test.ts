import { describe, expect, it } from 'vitest'
import { misfit } from '@/server/adapters/problems'
import { HttpRoute } from './native'

const route = (backendRefs: unknown[]) => ({
  apiVersion: 'gateway.networking.k8s.io/v1',
  kind: 'HTTPRoute',
  metadata: { name: 'r', namespace: 'shop' },
  spec: {
    parentRefs: [{ group: '', kind: 'Service', name: 'web' }],
    rules: [{ backendRefs, timeouts: { request: '10s' } }],
  },
})

describe('an HTTPRoute as the Gateway API spells it', () => {
  it('takes relative weights from 0 to 1,000,000, absent ones included', () => {
    expect(
      misfit(
        HttpRoute,
        route([{ name: 'a', weight: 1_000_000 }, { name: 'b', weight: 0 }, { name: 'c' }]),
      ),
    ).toBeNull()
  })

  it('refuses a weight beyond the range, as a string, or a backendRef without a name', () => {
    expect(misfit(HttpRoute, route([{ name: 'a', weight: 1_000_001 }]))).toBe(
      'spec.rules.0.backendRefs.0.weight: must be at most 1000000',
    )
    expect(misfit(HttpRoute, route([{ name: 'a', weight: '10' }, { port: 80 }]))).toBe(
      'spec.rules.0.backendRefs.0.weight: must be a number, not a string; spec.rules.0.backendRefs.1.name: is required',
    )
  })
})
