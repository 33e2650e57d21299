import { describe, expect, it } from 'vitest'
import {
  APPMESH_MIGRATION_TARGETS,
  awsPlacement,
  endOfSupportSentence,
  formatLatency,
  formatSplit,
  meshLabel,
} from './format'

describe('format', () => {
  it('formats latency in ms below a second and seconds above', () => {
    expect(formatLatency(41.6)).toBe('42 ms')
    expect(formatLatency(1500)).toBe('1.5 s')
  })

  it('formats a split in one line', () => {
    expect(
      formatSplit([
        { name: 'v1', weight: 70 },
        { name: 'v2', weight: 30 },
      ]),
    ).toBe('v1 70% · v2 30%')
  })

  it('names a mesh with its source', () => {
    expect(meshLabel({ name: 'istio', source: { name: 'prod-eu' } })).toBe('istio · prod-eu')
  })

  it('places an App Mesh mesh by account and region, naming the owner only when shared', () => {
    const aws = { accountId: '222222222222', region: 'eu-west-1', meshOwner: '111111111111' }
    expect(awsPlacement({ ...aws, shared: true })).toBe(
      'account 222222222222 · eu-west-1 · owned by 111111111111',
    )
    expect(awsPlacement({ ...aws, meshOwner: aws.accountId, shared: false })).toBe(
      'account 222222222222 · eu-west-1',
    )
    expect(awsPlacement({ region: 'eu-west-1', meshOwner: '1', shared: false })).toBe('eu-west-1')
  })

  it('speaks of the end of support in the past once the day has come', () => {
    const day = '2026-09-30'
    expect(endOfSupportSentence(day, Date.parse('2026-09-29T23:00:00Z'))).toBe(
      'AWS ends support for App Mesh on 2026-09-30',
    )
    expect(endOfSupportSentence(day, Date.parse('2026-11-26T00:00:00Z'))).toBe(
      'AWS ended support for App Mesh on 2026-09-30',
    )
  })

  it('names where App Mesh users move to, each with AWS documentation to link', () => {
    expect(APPMESH_MIGRATION_TARGETS.map((t) => t.name)).toEqual([
      'Amazon ECS Service Connect',
      'Amazon VPC Lattice',
    ])
    for (const t of APPMESH_MIGRATION_TARGETS)
      expect(t.href).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//)
  })
})
