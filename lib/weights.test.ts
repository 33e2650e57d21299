import { describe, expect, it } from 'vitest'
import { maxWeight, rebalance, samePercents, toPercents } from './weights'

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0)

/** A seeded generator, so a failing property names an input that reproduces. */
function random(seed: number) {
  let state = seed
  return (below: number) => {
    state = (state * 1103515245 + 12345) % 2 ** 31
    return state % below
  }
}

describe('toPercents', () => {
  it('converts relative integers', () => {
    expect(toPercents([1, 1])).toEqual([50, 50])
    expect(toPercents([3, 1])).toEqual([75, 25])
    expect(toPercents([1, 1, 1])).toEqual([34, 33, 33])
  })

  it('converts the 1,000,000 scale of HTTPRoute', () => {
    expect(toPercents([700_000, 300_000])).toEqual([70, 30])
    expect(toPercents([333_333, 333_333, 333_334])).toEqual([33, 33, 34])
  })

  it('converts floats summing to 100', () => {
    expect(toPercents([33.33, 33.33, 33.34])).toEqual([33, 33, 34])
    expect(toPercents([12.5, 87.5])).toEqual([13, 87])
  })

  it('splits all zeros evenly', () => {
    expect(toPercents([0, 0])).toEqual([50, 50])
    expect(toPercents([0, 0, 0])).toEqual([34, 33, 33])
  })

  it('gives a single backend everything', () => {
    expect(toPercents([7])).toEqual([100])
    expect(toPercents([0])).toEqual([100])
    expect(toPercents([])).toEqual([])
  })

  it('always sums to 100 in integers', () => {
    const next = random(1)
    for (let run = 0; run < 500; run++) {
      const weights = Array.from({ length: 1 + next(6) }, () => next(1_000_001))
      const percents = toPercents(weights)
      expect(sum(percents), `${weights}`).toBe(100)
      expect(percents.every(Number.isInteger)).toBe(true)
    }
  })

  it('samePercents compares native weights with percents', () => {
    expect(samePercents([700_000, 300_000], [70, 30])).toBe(true)
    expect(samePercents([1, 1], [70, 30])).toBe(false)
    expect(samePercents([1, 1], [50, 50, 0])).toBe(false)
  })
})

describe('rebalance', () => {
  it('moves two backends against each other', () => {
    expect(rebalance([100, 0], 1, 30, [false, false])).toEqual([70, 30])
    expect(rebalance([70, 30], 0, 100, [false, false])).toEqual([100, 0])
  })

  it('spreads the difference in proportion to the others', () => {
    expect(rebalance([50, 30, 20], 0, 0, [false, false, false])).toEqual([0, 60, 40])
    expect(rebalance([40, 40, 20], 2, 60, [false, false, false])).toEqual([20, 20, 60])
  })

  it('spreads evenly when the others are all 0', () => {
    expect(rebalance([100, 0, 0], 0, 40, [false, false, false])).toEqual([40, 30, 30])
    expect(rebalance([100, 0, 0, 0], 0, 0, [false, false, false, false])).toEqual([0, 34, 33, 33])
  })

  it('keeps locked backends and clamps to what the unlocked others can absorb', () => {
    expect(rebalance([50, 30, 20], 0, 90, [false, true, false])).toEqual([70, 30, 0])
    expect(maxWeight([50, 30, 20], 0, [false, true, false])).toBe(70)
  })

  it('does not move a locked backend or one with nobody to trade with', () => {
    expect(rebalance([50, 50], 0, 10, [true, false])).toEqual([50, 50])
    expect(rebalance([50, 50], 0, 10, [false, true])).toEqual([50, 50])
    expect(rebalance([100], 0, 10, [false])).toEqual([100])
    expect(maxWeight([50, 50], 0, [false, true])).toBe(50)
  })

  it('rounds and clamps odd values', () => {
    expect(rebalance([50, 50], 0, 29.6, [false, false])).toEqual([30, 70])
    expect(rebalance([50, 50], 0, -5, [false, false])).toEqual([0, 100])
    expect(rebalance([50, 50], 0, 500, [false, false])).toEqual([100, 0])
    expect(rebalance([50, 50], 0, Number.NaN, [false, false])).toEqual([50, 50])
  })

  it('holds its properties over many random inputs', () => {
    const next = random(42)
    for (let run = 0; run < 5000; run++) {
      const n = 1 + next(5)
      const weights = toPercents(Array.from({ length: n }, () => (next(4) === 0 ? 0 : next(100))))
      const locked = weights.map(() => next(3) === 0)
      const index = next(n)
      const value = next(101)
      const label = JSON.stringify({ weights, locked, index, value })
      const result = rebalance(weights, index, value, locked)

      expect(result, label).toHaveLength(n)
      expect(sum(result), label).toBe(100)
      expect(
        result.every((w) => Number.isInteger(w) && w >= 0 && w <= 100),
        label,
      ).toBe(true)
      locked.forEach((isLocked, i) => isLocked && expect(result[i], label).toBe(weights[i]))
      const max = maxWeight(weights, index, locked)
      const movable = !locked[index] && locked.some((l, i) => i !== index && !l)
      if (movable && value <= max) expect(result[index], label).toBe(value)
      if (movable && value > max) expect(result[index], label).toBe(max)
    }
  })
})
