import { describe, expect, it } from 'vitest'
import { FleetServiceQuery, type FleetService } from '@/lib/schemas'
import { searchFleet } from './fleet-search'
import type { FleetListing } from './fleet'

const service = (name: string, source = 'east'): FleetService => ({
  id: `${source}-${name}`,
  meshId: `${source}-istio`,
  meshKind: 'istio',
  meshName: 'istio',
  name,
  namespace: 'shop',
  backends: [{ name: 'v1', weight: 100, readyReplicas: 1, replicas: 1 }],
  revision: '1',
  routing: [],
  source: { id: `src-${source}`, name: source, kind: 'kubernetes' },
})
const listing = (items: FleetService[]): FleetListing => ({ items, errors: [] })
const query = (q: Record<string, string>) => FleetServiceQuery.parse(q)

describe('searchFleet', () => {
  it('keeps its place when services come and go between pages: none skipped, none repeated', () => {
    const before = ['a', 'c', 'e', 'g', 'i'].map((n) => service(n))
    const first = searchFleet(listing(before), query({ limit: '2' }))
    expect(first.items.map((s) => s.name)).toEqual(['a', 'c'])
    // "a" is deleted and "b" (before the cursor) and "d" (after it) are created.
    const after = [...before.slice(1), service('b'), service('d')]
    const second = searchFleet(listing(after), query({ limit: '2', cursor: first.nextCursor! }))
    expect(second.items.map((s) => s.name)).toEqual(['d', 'e'])
    const third = searchFleet(listing(after), query({ limit: '2', cursor: second.nextCursor! }))
    expect(third.items.map((s) => s.name)).toEqual(['g', 'i'])
    expect(third.nextCursor).toBeUndefined()
  })

  it('orders services of the same name by source, and refuses a cursor it did not give out', () => {
    const page = searchFleet(listing([service('api', 'west'), service('api', 'east')]), query({}))
    expect(page.items.map((s) => s.source.name)).toEqual(['east', 'west'])
    const forged = Buffer.from(JSON.stringify({ after: 'a' })).toString('base64url')
    expect(() => searchFleet(listing([]), query({ cursor: forged }))).toThrow(/cursor/)
  })
})
