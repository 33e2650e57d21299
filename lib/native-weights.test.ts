import { describe, expect, it } from 'vitest'
import {
  formatMilliQuantity,
  parseQuantity,
  toConsulWeights,
  toHttpRouteWeights,
  toQuantityWeights,
  toRelativeWeights,
  validConsulWeights,
} from './native-weights'
import { toPercents } from './weights'

/** A small deterministic generator (mulberry32), so property checks are repeatable. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

function randomPercents(next: () => number): number[] {
  const n = 1 + Math.floor(next() * 4)
  return toPercents(Array.from({ length: n }, () => Math.floor(next() * 1000)))
}

describe('toRelativeWeights', () => {
  it('returns the native weights untouched when the percents are unchanged', () => {
    expect(toRelativeWeights([34, 33, 33], [1, 1, 1])).toEqual([1, 1, 1])
    expect(toRelativeWeights([90, 10], [900, 100])).toEqual([900, 100])
    expect(toRelativeWeights([67, 33], [2, 1])).toEqual([2, 1])
  })

  it('keeps a scale that is a multiple of 100 when the percents change', () => {
    expect(toRelativeWeights([70, 30], [1000, 0])).toEqual([700, 300])
    expect(toRelativeWeights([70, 30], [100, 0])).toEqual([70, 30])
  })

  it('writes the percents when the current total cannot carry them', () => {
    expect(toRelativeWeights([70, 30], [2, 1])).toEqual([70, 30])
    expect(toRelativeWeights([50, 50], [0, 0, 0])).toEqual([50, 50])
  })

  it('never drifts: any percents read back as themselves, and read-write-read is stable', () => {
    const next = random(7)
    for (let i = 0; i < 500; i++) {
      const current = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        Math.floor(next() * 5000),
      )
      const read = toPercents(current)
      expect(toRelativeWeights(read, current)).toEqual(current)
      const wanted = randomPercents(next)
      if (wanted.length !== current.length) continue
      expect(toPercents(toRelativeWeights(wanted, current))).toEqual(wanted)
    }
  })
})

describe('toHttpRouteWeights', () => {
  it('counts an absent weight as 1 and leaves it alone when unchanged', () => {
    expect(toHttpRouteWeights([50, 50], [undefined, 1])).toEqual([1, 1])
  })

  it('keeps the scale up to the 1,000,000 maximum', () => {
    expect(toHttpRouteWeights([25, 75], [1_000_000, 0])).toEqual([250_000, 750_000])
    expect(toHttpRouteWeights([25, 75], [1_000_000, 1_000_000])).toEqual([25, 75])
  })
})

describe('quantities (SMI v1alpha1)', () => {
  it('parses the forms Kubernetes accepts', () => {
    expect(parseQuantity('100m')).toBeCloseTo(0.1)
    expect(parseQuantity('1')).toBe(1)
    expect(parseQuantity('0.5')).toBe(0.5)
    expect(parseQuantity('1k')).toBe(1000)
    expect(parseQuantity('1Ki')).toBe(1024)
    expect(parseQuantity('5e2')).toBe(500)
    expect(parseQuantity(900)).toBe(900)
    expect(parseQuantity('abc')).toBeNull()
    expect(parseQuantity('1x')).toBeNull()
  })

  it('formats milli-units canonically', () => {
    expect(formatMilliQuantity(1000)).toBe('1')
    expect(formatMilliQuantity(500)).toBe('500m')
    expect(formatMilliQuantity(0)).toBe('0')
  })

  it('keeps the quantities as written when the percents are unchanged', () => {
    expect(toQuantityWeights([90, 10], ['900m', '100m'])).toEqual(['900m', '100m'])
    expect(toQuantityWeights([100, 0], ['1', 0])).toEqual(['1', 0])
  })

  it('keeps the total when the percents change, and reads back exactly', () => {
    expect(toQuantityWeights([70, 30], ['900m', '100m'])).toEqual(['700m', '300m'])
    expect(toQuantityWeights([70, 30], ['90', '10'])).toEqual(['70', '30'])
    expect(toQuantityWeights([70, 30], ['1m', '2m'])).toEqual(['700m', '300m'])
    const next = random(11)
    for (let i = 0; i < 300; i++) {
      const wanted = randomPercents(next)
      const current = wanted.map(() => `${Math.floor(next() * 1000)}m`)
      const written = toQuantityWeights(wanted, current)
      expect(toPercents(written.map((q) => parseQuantity(q)!))).toEqual(wanted)
      expect(toQuantityWeights(wanted, written)).toEqual(written)
    }
  })
})

describe('Consul weights', () => {
  it('keeps the current floats when the percents are unchanged', () => {
    expect(toConsulWeights([33, 33, 34], [33.33, 33.33, 33.34])).toEqual([33.33, 33.33, 33.34])
  })

  it('writes whole percents otherwise, which Consul accepts', () => {
    const written = toConsulWeights([70, 30], [33.33, 66.67])
    expect(written).toEqual([70, 30])
    expect(validConsulWeights(written)).toBe(true)
  })

  it('accepts what Consul accepts and nothing else', () => {
    expect(validConsulWeights([33.33, 33.33, 33.34])).toBe(true)
    expect(validConsulWeights([0.1, 99.9])).toBe(true)
    expect(validConsulWeights([33.333, 66.667])).toBe(false)
    expect(validConsulWeights([50, 49])).toBe(false)
    expect(validConsulWeights([-1, 101])).toBe(false)
  })
})
