import { describe, expect, it } from 'vitest'
import { misfit } from '@/server/adapters/problems'
import { rootServiceName, TrafficSplit } from './native'

const split = (backends: unknown[], service = 'bookstore') => ({
  apiVersion: 'split.smi-spec.io/v1alpha4',
  kind: 'TrafficSplit',
  metadata: { name: 'bookstore-split', namespace: 'bookstore' },
  spec: { service, backends },
})

describe('a TrafficSplit as SMI spells it', () => {
  it('takes whole numbers and v1alpha1 quantities, whatever version it is read at', () => {
    expect(misfit(TrafficSplit, split([{ service: 'a', weight: 90 }]))).toBeNull()
    expect(misfit(TrafficSplit, split([{ service: 'a', weight: '500m' }]))).toBeNull()
  })

  it('refuses a weight that is neither, and a backend without its Service', () => {
    expect(misfit(TrafficSplit, split([{ service: 'a', weight: 'half' }]))).toBe(
      'spec.backends.0.weight: must be a whole number, or a quantity such as 500m',
    )
    expect(misfit(TrafficSplit, split([{ weight: 1.5 }]))).toBe(
      'spec.backends.0.service: is required; spec.backends.0.weight: must be a whole number, or a quantity such as 500m',
    )
  })
})

describe('the root Service', () => {
  it('is the first label, as OSM reads `<name>.<namespace>` and FQDN roots', () => {
    expect(rootServiceName('bookstore')).toBe('bookstore')
    expect(rootServiceName('bookstore.bookstore')).toBe('bookstore')
    expect(rootServiceName('bookstore.bookstore.svc.cluster.local')).toBe('bookstore')
  })
})
