import { describe, expect, it } from 'vitest'
import {
  DEFAULT_HEALTH_THRESHOLDS,
  evaluateHealth,
  pickPrimary,
  resolveThresholds,
  type BackendSample,
} from './health'
import { Health } from './schemas/metrics'

const b = (
  name: string,
  requests: number,
  successRate: number | null,
  p99: number | null,
): BackendSample => ({
  name,
  requests,
  successRate,
  p99,
})

describe('pickPrimary', () => {
  it('prefers a backend named v1/stable while it carries traffic', () => {
    expect(pickPrimary([b('v2', 900, 1, 10), b('v1', 100, 1, 10)], 50)).toBe('v1')
    expect(pickPrimary([b('canary', 900, 1, 10), b('stable', 100, 1, 10)], 50)).toBe('stable')
  })
  it('falls back to the busiest backend once the named one is drained', () => {
    expect(
      pickPrimary([b('v1', 0, null, null), b('v2', 300, 1, 10), b('v3', 700, 1, 10)], 50),
    ).toBe('v3')
  })
  it('is null when nothing carries traffic', () => {
    expect(pickPrimary([b('v1', 0, null, null), b('v2', 0, null, null)], 50)).toBeNull()
  })
})

describe('evaluateHealth', () => {
  it('fails a canary whose success rate drops, with the figures in words', () => {
    const h = evaluateHealth([b('v1', 1000, 0.999, 40), b('v3', 500, 0.921, 45)])
    expect(Health.parse(h)).toEqual(h)
    expect(h.status).toBe('failing')
    expect(h.primary).toBe('v1')
    expect(h.reasons).toHaveLength(1)
    expect(h.reasons[0]).toMatchObject({ backend: 'v3', rule: 'success-rate', status: 'failing' })
    expect(h.reasons[0]!.message).toContain('success rate 92.1% vs 99.9% on v1')
  })

  it('degrades on a small success-rate drop and on a slower p99', () => {
    expect(evaluateHealth([b('v1', 1000, 0.999, 40), b('v2', 500, 0.985, 40)]).status).toBe(
      'degraded',
    )
    const slow = evaluateHealth([b('v1', 1000, 1, 100), b('v2', 500, 1, 240)])
    expect(slow.status).toBe('degraded')
    expect(slow.reasons[0]!.message).toBe(
      'p99 latency 240 ms vs 100 ms on v1 (2.4×, degraded from 2×)',
    )
    expect(evaluateHealth([b('v1', 1000, 1, 100), b('v2', 500, 1, 350)]).status).toBe('failing')
  })

  it('ignores a latency gap below the noise floor however large the ratio', () => {
    expect(evaluateHealth([b('v1', 1000, 1, 2), b('v2', 500, 1, 9)]).status).toBe('healthy')
  })

  it('takes the worst canary and lists every reason', () => {
    const h = evaluateHealth([
      b('v1', 1000, 0.999, 40),
      b('v2', 300, 0.998, 41),
      b('v3', 300, 0.9, 200),
    ])
    expect(h.status).toBe('failing')
    expect(h.backends.map((x) => [x.name, x.status])).toEqual([
      ['v2', 'healthy'],
      ['v3', 'failing'],
    ])
    expect(h.reasons.map((r) => r.rule)).toEqual(['success-rate', 'latency'])
  })

  it('does not judge before the minimum volume', () => {
    const h = evaluateHealth([b('v1', 1000, 1, 40), b('v2', 10, 0.5, 400)])
    expect(h.status).toBe('unknown')
    expect(h.reasons[0]!.message).toBe('too few requests to judge v2: 10 on v2, need 50')
  })

  it('leaves out backends with no traffic and says when there is no canary', () => {
    const h = evaluateHealth([b('v1', 1000, 1, 40), b('v2', 0, null, null)])
    expect(h.status).toBe('healthy')
    expect(h.reasons[0]!.rule).toBe('no-canary')
    expect(evaluateHealth([b('v1', 0, null, null)]).status).toBe('unknown')
    expect(evaluateHealth([]).status).toBe('unknown')
  })

  it('applies per-service thresholds over the defaults', () => {
    const strict = resolveThresholds({ successRateDrop: { failing: 0.5 } }, { minRequests: 5 })
    expect(strict).toEqual({
      ...DEFAULT_HEALTH_THRESHOLDS,
      minRequests: 5,
      successRateDrop: { degraded: 1, failing: 0.5 },
    })
    expect(evaluateHealth([b('v1', 100, 1, 40), b('v2', 10, 0.993, 40)], strict).status).toBe(
      'failing',
    )
  })
})
