import { describe, expect, it } from 'vitest'
import { changeQuery, filtersFromParams, paramsFromFilters, type ChangeFilters } from './filters'

describe('change filters and the URL query', () => {
  it('round-trips every filter through the URL, in one order', () => {
    const filters: ChangeFilters = {
      service: 'abc',
      outcome: 'conflict',
      source: 'payments/us-east-1',
      mesh: 'appmesh',
      actor: 'alice',
      within: '24h',
    }
    const params = paramsFromFilters(filters)
    expect(params.toString()).toBe(
      'service=abc&outcome=conflict&source=payments%2Fus-east-1&mesh=appmesh&actor=alice&within=24h',
    )
    expect(filtersFromParams(params)).toEqual(filters)
    expect(paramsFromFilters({ within: '1h', actor: 'bob' }).toString()).toBe('actor=bob&within=1h')
  })

  it('leaves out what is unset, so no filters make no query', () => {
    expect(paramsFromFilters({}).toString()).toBe('')
    expect(filtersFromParams(new URLSearchParams())).toEqual({})
  })

  it('drops unknown values and parameters from a hand-edited link instead of failing', () => {
    const params = new URLSearchParams(
      'outcome=exploded&mesh=kuma&within=1y&actor=%20%20&source=%20prod-eu%20&page=2',
    )
    expect(filtersFromParams(params)).toEqual({ source: 'prod-eu' })
  })

  it('cuts free text to what the API accepts', () => {
    const filters = filtersFromParams(new URLSearchParams({ actor: 'a'.repeat(300) }))
    expect(filters.actor).toHaveLength(253)
  })

  it('anchors a time range at the fetch and passes the other filters through', () => {
    const now = Date.parse('2026-03-01T12:00:00Z')
    expect(changeQuery({ outcome: 'applied', within: '1h', service: 's' }, now)).toEqual({
      outcome: 'applied',
      service: 's',
      since: '2026-03-01T11:00:00.000Z',
    })
    expect(changeQuery({ within: '7d' }, now)).toEqual({ since: '2026-02-22T12:00:00.000Z' })
    expect(changeQuery({ actor: 'alice' }, now)).toEqual({ actor: 'alice' })
  })
})
