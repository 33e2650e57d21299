import { describe, expect, it } from 'vitest'
import { UsageError } from './errors'
import { mapBackends, parseSmiSplits } from './smi'

const doc = (apiVersion: string, backends: string, extra = '') => `apiVersion: ${apiVersion}
kind: TrafficSplit
metadata: { name: s, namespace: bookinfo }
spec:
  service: reviews${extra}
  backends: ${backends}
`

describe('SMI TrafficSplit documents', () => {
  it('read every spec version: relative integers and v1alpha1 quantities become percents', () => {
    const [ints] = parseSmiSplits(
      doc(
        'split.smi-spec.io/v1alpha4',
        '[{ service: reviews-v1, weight: 3 }, { service: reviews-v2, weight: 1 }]',
      ),
      'a.yaml',
    )
    expect(ints).toMatchObject({
      namespace: 'bookinfo',
      service: 'reviews',
      backends: [
        { name: 'reviews-v1', weight: 75 },
        { name: 'reviews-v2', weight: 25 },
      ],
    })
    const [quantities] = parseSmiSplits(
      doc(
        'split.smi-spec.io/v1alpha1',
        '[{ service: a, weight: 900m }, { service: b, weight: 100m }]',
        '.bookinfo.svc.cluster.local',
      ),
      'b.yaml',
    )
    expect(quantities!.service).toBe('reviews')
    expect(quantities!.backends.map((b) => b.weight)).toEqual([90, 10])
  })

  it('read each document of a stream, naming the one at fault', () => {
    const two = `${doc('split.smi-spec.io/v1alpha2', '[{ service: a, weight: 1 }]')}---\n${doc('split.smi-spec.io/v1alpha2', '[{ service: a, weight: x }]')}`
    expect(() => parseSmiSplits(two, 'f.yaml')).toThrow(/f\.yaml \(document 2\).*"x" is no weight/)
    expect(parseSmiSplits(two.split('---')[0]!, 'f.yaml')).toHaveLength(1)
  })

  it('refuse what is not a TrafficSplit, by field', () => {
    const cases: [string, RegExp][] = [
      ['kind: Deployment\napiVersion: apps/v1', /not an SMI TrafficSplit: apiVersion.*kind/],
      [doc('split.smi-spec.io/v1alpha4', '[]'), /spec\.backends/],
      [doc('split.smi-spec.io/v1alpha4', '[{ service: a, weight: 0 }]'), /every weight is 0/],
      ['', /holds no TrafficSplit/],
      ['a: [', /not YAML/],
    ]
    for (const [text, message] of cases) {
      expect(() => parseSmiSplits(text, 'x.yaml'), text).toThrow(UsageError)
      expect(() => parseSmiSplits(text, 'x.yaml'), text).toThrow(message)
    }
  })
})

describe('mapping SMI backends onto a service', () => {
  const [split] = parseSmiSplits(
    doc(
      'split.smi-spec.io/v1alpha4',
      '[{ service: reviews-v2, weight: 40 }, { service: reviews-v3, weight: 60 }]',
    ),
    's.yaml',
  )

  it('by name, or by the per-version Service of a subset; unlisted backends get 0', () => {
    expect(mapBackends(split!, ['v1', 'v2', 'v3'])).toEqual([
      { name: 'v1', weight: 0 },
      { name: 'v2', weight: 40 },
      { name: 'v3', weight: 60 },
    ])
    expect(mapBackends(split!, ['reviews-v3', 'reviews-v2'])).toEqual([
      { name: 'reviews-v3', weight: 60 },
      { name: 'reviews-v2', weight: 40 },
    ])
  })

  it('refuse a backend the service does not have, naming those it has', () => {
    expect(() => mapBackends(split!, ['v1', 'v2'])).toThrow(
      /backend "reviews-v3" is none of reviews's backends \(v1, v2\)/,
    )
  })
})
