import { describe, expect, it } from 'vitest'
import { chartRows, noTraffic } from './chart-data'
import type { BackendMetrics } from '@/lib/schemas'

const backend = (name: string, points: [number, number, number | null][]): BackendMetrics => ({
  name,
  current: { rps: 0, successRate: null, p50: null, p95: null, p99: null, requests: 0, share: null },
  series: points.map(([t, rps, successRate]) => ({
    t,
    rps,
    successRate,
    p50: null,
    p95: null,
    p99: null,
  })),
})

describe('chartRows', () => {
  it('merges backends on time, success rates in percent, missing points absent', () => {
    const rows = chartRows(
      [
        backend('v1', [
          [2000, 5, 1],
          [1000, 4, 0.5],
        ]),
        backend('v2', [[2000, 3, null]]),
      ],
      'successRate',
    )
    expect(rows).toEqual([
      { t: 1000, v1: 50 },
      { t: 2000, v1: 100, v2: null },
    ])
  })

  it('tells a window without requests', () => {
    expect(noTraffic([backend('v1', [[1000, 0, null]])])).toBe(true)
    expect(noTraffic([backend('v1', [[1000, 0.2, 1]])])).toBe(false)
  })
})
