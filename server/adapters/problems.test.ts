import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { misfit, problemsByConcern, sortOut } from './problems'

const Route = z.looseObject({
  name: z.string().min(1),
  weights: z.array(z.number().int().min(0).max(100)).min(1),
})
const refOf = (raw: unknown) => ({
  kind: 'Route',
  apiVersion: 'v1',
  name: String((raw as { name?: unknown })?.name ?? '?'),
})

describe('objects that do not fit their schema', () => {
  it('are set apart, each problem naming the object and every field at fault with why', () => {
    const good = { name: 'a', weights: [90, 10], extra: { kept: true } }
    const sorted = sortOut(Route, [good, { name: 'b', weights: ['50', 150] }, null], refOf)
    expect(sorted.objects).toEqual([good])
    expect(sorted.rejected.map((r) => r.problem)).toEqual([
      {
        object: { kind: 'Route', apiVersion: 'v1', name: 'b' },
        message: 'weights.0: must be a number, not a string; weights.1: must be at most 100',
      },
      {
        object: { kind: 'Route', apiVersion: 'v1', name: '?' },
        message: '(the object): must be an object, not null',
      },
    ])
  })

  it('say what is missing or empty', () => {
    expect(misfit(Route, { weights: [] })).toBe(
      'name: is required; weights: must hold at least 1 item',
    )
    expect(misfit(Route, { name: 'a', weights: [1] })).toBeNull()
  })
})

describe('problems by what they concern', () => {
  const rejected = ['a', 'b', 'c', 'd'].map((name) => ({
    raw: { name },
    problem: { object: refOf({ name }), message: `${name} does not fit` },
  }))
  // a and c concern reviews; c also ratings (twice); d concerns nothing.
  const concerns: Record<string, string[]> = {
    a: ['reviews'],
    b: ['ratings'],
    c: ['ratings', 'reviews', 'ratings'],
    d: [],
  }
  const index = problemsByConcern(rejected, (raw) => concerns[(raw as { name: string }).name]!)
  const names = (keys: string[]) => index.of(keys).map((p) => p.object.name)

  it('gives each problem once, in the order the objects were listed', () => {
    expect(names(['reviews'])).toEqual(['a', 'c'])
    expect(names(['ratings'])).toEqual(['b', 'c'])
    expect(names(['ratings', 'reviews'])).toEqual(['a', 'b', 'c'])
    expect(names(['details'])).toEqual([])
  })
})
