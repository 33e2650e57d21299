import { describe, expect, it } from 'vitest'
import type { SplitUpdate, TrafficSplit } from '@/lib/schemas'
import { ValidationError } from '@/server/errors'
import { checkBackendNames, checkMatchBackends } from './checks'

const current: TrafficSplit = {
  backends: [{ name: 'v3', weight: 100 }],
  candidates: [
    { name: 'v1', weight: 0 },
    { name: 'v4', weight: 0, reason: 'no subset selects its pods' },
  ],
  revision: '5',
}
const fieldsOf = (check: () => void) => {
  try {
    check()
    return []
  } catch (err) {
    return (err as ValidationError).fields.map((f) => f.field)
  }
}
const update = (backends: SplitUpdate['backends'], extra: Partial<SplitUpdate> = {}) => ({
  backends,
  revision: '5',
  ...extra,
})

describe('backend names of a write', () => {
  it('accepts a movable candidate beside the route, and none that cannot be moved', () => {
    const names = (u: SplitUpdate) => fieldsOf(() => checkBackendNames(u, current))
    expect(
      names(
        update([
          { name: 'v3', weight: 90 },
          { name: 'v1', weight: 10 },
        ]),
      ),
    ).toEqual([])
    expect(
      names(
        update([
          { name: 'v3', weight: 90 },
          { name: 'v4', weight: 10 },
        ]),
      ),
    ).toEqual(['backends.1.name'])
  })

  it('lets a route backend go unnamed only when it is taken out, and only route backends out', () => {
    const split = { ...current, backends: [...current.backends, { name: 'v2', weight: 0 }] }
    const names = (u: SplitUpdate) => fieldsOf(() => checkBackendNames(u, split))
    expect(names(update([{ name: 'v3', weight: 100 }]))).toEqual(['backends'])
    expect(names(update([{ name: 'v3', weight: 100 }], { remove: ['v2'] }))).toEqual([])
    expect(
      names(
        update(
          [
            { name: 'v3', weight: 100 },
            { name: 'v2', weight: 0 },
          ],
          { remove: ['v1'] },
        ),
      ),
    ).toEqual(['remove.0'])
  })

  it('pins matches only to backends the route has after the write', () => {
    const matches = (u: SplitUpdate) => fieldsOf(() => checkMatchBackends(u, current))
    const pin = (backend: string) => [
      { backend, headers: [{ name: 'x', value: 'y', type: 'exact' as const }] },
    ]
    const joining = [
      { name: 'v3', weight: 90 },
      { name: 'v1', weight: 10 },
    ]
    expect(matches(update(joining, { matches: pin('v1') }))).toEqual([])
    expect(
      matches(
        update(
          [
            { name: 'v3', weight: 100 },
            { name: 'v1', weight: 0 },
          ],
          { matches: pin('v1') },
        ),
      ),
    ).toEqual(['matches.0.backend'])
  })
})
