import { describe, expect, it } from 'vitest'
import { formatLatency, formatSplit, meshLabel } from './format'

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
})
