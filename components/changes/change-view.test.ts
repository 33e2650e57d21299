import { describe, expect, it } from 'vitest'
import {
  changeSummary,
  formatChangeTime,
  fullTime,
  outcomeLabel,
  revertable,
  revertsById,
  serviceLabel,
} from './change-view'
import type { ChangeRecord } from '@/lib/schemas'

const split = (v1: number, revision: string) => ({
  backends: [
    { name: 'v1', weight: v1 },
    { name: 'v2', weight: 100 - v1 },
  ],
  revision,
})

const applied: ChangeRecord = {
  id: '0b7c1f4e-0000-4000-8000-000000000001',
  time: '2026-03-01T10:00:00.000Z',
  actor: { user: 'alice', groups: [] },
  requestId: 'r1',
  client: { kind: 'ui' },
  serviceId: 'svc',
  source: 'prod-eu',
  meshKind: 'istio',
  namespace: 'shop',
  service: 'checkout',
  before: split(90, '1'),
  requested: split(70, '1'),
  after: split(70, '2'),
  outcome: 'applied',
}

describe('change rows', () => {
  it('shows before → after of an applied change', () => {
    expect(changeSummary(applied)).toEqual({
      from: 'v1 90% · v2 10%',
      to: 'v1 70% · v2 30%',
      requestedOnly: false,
    })
  })

  it('shows what was asked for when nothing was written, and nothing before when nothing was read', () => {
    const refused = { ...applied, outcome: 'refused', reason: 'owned', after: undefined } as const
    expect(changeSummary(refused)).toMatchObject({ to: 'v1 70% · v2 30%', requestedOnly: true })
    expect(outcomeLabel(refused)).toBe('refused: owned')
    const unread = { ...refused, before: undefined, reason: 'not-found', service: '' }
    expect(changeSummary(unread).from).toBeUndefined()
    expect(serviceLabel(unread)).toBe('svc')
    expect(serviceLabel(applied)).toBe('shop/checkout')
  })

  it('counts matches only on a change that moved them', () => {
    const rule = {
      backend: 'v2',
      headers: [{ name: 'x-beta', value: '1', type: 'exact' as const }],
    }
    const added = { ...applied, before: { ...split(90, '1'), matches: [] } }
    added.after = { ...split(90, '2'), matches: [rule] }
    expect(changeSummary(added)).toMatchObject({
      from: 'v1 90% · v2 10% · 0 matches',
      to: 'v1 90% · v2 10% · 1 match',
    })
    const kept = { ...added, before: { ...split(90, '1'), matches: [rule] } }
    expect(changeSummary(kept)).toMatchObject({ from: 'v1 90% · v2 10%' })
  })

  it('offers a revert for applied changes only', () => {
    expect(revertable(applied)).toBe(true)
    expect(revertable({ ...applied, outcome: 'no-op' })).toBe(false)
    expect(revertable({ ...applied, outcome: 'conflict', after: undefined })).toBe(false)
  })

  it('finds the applied revert of a change, not a revert that was refused', () => {
    const revert = { ...applied, id: 'r-ok', reverts: applied.id }
    const refused = { ...applied, id: 'r-409', reverts: 'other', outcome: 'conflict' as const }
    const found = revertsById([revert, refused, applied])
    expect(found.get(applied.id)?.id).toBe('r-ok')
    expect(found.has('other')).toBe(false)
  })

  it('writes a time as short as it stays unambiguous', () => {
    const now = Date.parse('2026-03-01T18:00:00Z')
    expect(formatChangeTime('2026-03-01T10:04:05Z', now, 'UTC')).toBe('10:04:05')
    expect(formatChangeTime('2026-02-27T10:04:05Z', now, 'UTC')).toBe('27 Feb, 10:04')
    expect(formatChangeTime('2025-12-31T23:30:00Z', now, 'UTC')).toBe('31 Dec 2025, 23:30')
    // the day is the reader's: 23:30 UTC is already the next day in Berlin
    expect(formatChangeTime('2026-02-28T23:30:00Z', now, 'Europe/Berlin')).toBe('00:30:00')
    expect(fullTime('2026-02-28T23:30:00Z', 'UTC')).toBe('28 Feb 2026, 23:30:00 UTC')
  })
})
