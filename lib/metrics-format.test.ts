import { describe, expect, it } from 'vitest'
import { formatMs, formatRps, formatShare, formatSuccess } from './metrics-format'

describe('metrics figures', () => {
  it('formats request rates by magnitude', () => {
    expect([0, 0.421, 12.34, 1250.4].map(formatRps)).toEqual(['0', '0.42', '12.3', '1,250'])
  })
  it('formats success rates and shares as percents, null as a dash', () => {
    expect([0.9213, 1, 0, null].map(formatSuccess)).toEqual(['92.1%', '100%', '0.0%', '–'])
    expect([0.5, 0.496, 1, null].map(formatShare)).toEqual(['50%', '50%', '100%', '–'])
  })
  it('formats latencies in ms or s', () => {
    expect([4.25, 42.4, 999, 1500, null].map(formatMs)).toEqual([
      '4.3 ms',
      '42 ms',
      '999 ms',
      '1.5 s',
      '–',
    ])
  })
})
