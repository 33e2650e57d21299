import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { SPLIT_LIMITS, SplitUpdate } from './split'

const RUNS = { numRuns: 300 }
const L = SPLIT_LIMITS

/** Strings around every cap: short, at the cap, just past it, and odd characters. */
const text = (cap: number) =>
  fc.oneof(
    fc.string({ maxLength: 20 }),
    fc.string({ unit: 'binary', maxLength: 20 }),
    fc.constantFrom('', 'x'.repeat(cap), 'x'.repeat(cap + 1)),
  )
const header = fc.record(
  {
    name: text(L.nameLength),
    value: text(L.valueLength),
    type: fc.constantFrom('exact', 'regex', 'glob'),
  },
  { requiredKeys: ['name', 'value'] },
)
const match = fc.record(
  {
    backend: text(L.nameLength),
    headers: fc.array(header, { maxLength: L.headersPerMatch + 2 }),
    cookie: fc.record({ name: text(L.nameLength), value: text(L.valueLength) }),
  },
  { requiredKeys: ['backend'] },
)
/** Bodies shaped like a split update, valid or just off it in any field. */
const splitLike = fc.record(
  {
    backends: fc.array(
      fc.record({
        name: text(L.nameLength),
        weight: fc.oneof(fc.integer({ min: -5, max: 105 }), fc.double(), fc.constant('50')),
      }),
      { maxLength: L.backends + 2 },
    ),
    revision: fc.oneof(text(L.revisionLength), fc.integer()),
    matches: fc.array(match, { maxLength: L.matches + 2 }),
    force: fc.boolean(),
  },
  { requiredKeys: [] },
)

/** Valid updates: distinct names, integer weights cut from 100, matches on a backend. */
const validSplit = fc
  .uniqueArray(fc.stringMatching(/^[a-z0-9-]{1,20}$/), { minLength: 1, maxLength: L.backends })
  .chain((names) =>
    fc.record({
      backends: fc
        .array(fc.integer({ min: 0, max: 100 }), {
          minLength: names.length - 1,
          maxLength: names.length - 1,
        })
        .map((cuts) => {
          const edges = [0, ...cuts.sort((a, b) => a - b), 100]
          return names.map((name, i) => ({ name, weight: edges[i + 1]! - edges[i]! }))
        }),
      revision: fc.stringMatching(/^[0-9]{1,20}$/),
      matches: fc.array(
        fc.record({
          backend: fc.constantFrom(...names),
          headers: fc.array(fc.record({ name: fc.constant('x-user'), value: fc.string() }), {
            minLength: 1,
            maxLength: L.headersPerMatch,
          }),
        }),
        { maxLength: 4 },
      ),
    }),
  )

describe('SplitUpdate', () => {
  it('never throws, whatever JSON it is given, and what it accepts keeps every cap and sums to 100', () => {
    let accepted = 0
    fc.assert(
      fc.property(fc.oneof(validSplit, splitLike, fc.jsonValue(), fc.anything()), (body) => {
        const parsed = SplitUpdate.safeParse(body)
        if (!parsed.success) {
          expect(parsed.error.issues.length).toBeGreaterThan(0)
          return
        }
        accepted++
        const { backends, revision, matches = [] } = parsed.data
        expect(backends.length).toBeGreaterThanOrEqual(1)
        expect(backends.length).toBeLessThanOrEqual(L.backends)
        expect(backends.reduce((sum, b) => sum + b.weight, 0)).toBe(100)
        expect(new Set(backends.map((b) => b.name)).size).toBe(backends.length)
        expect(revision.length).toBeLessThanOrEqual(L.revisionLength)
        expect(matches.length).toBeLessThanOrEqual(L.matches)
        for (const m of matches) {
          expect(m.headers?.length ?? 0).toBeLessThanOrEqual(L.headersPerMatch)
          expect(m.headers?.length || m.cookie).toBeTruthy()
          for (const s of [
            m.backend,
            ...(m.headers ?? []).map((h) => h.name),
            m.cookie?.name ?? 'c',
          ])
            expect(s.length).toBeLessThanOrEqual(L.nameLength)
          for (const s of [...(m.headers ?? []).map((h) => h.value), m.cookie?.value ?? ''])
            expect(s.length).toBeLessThanOrEqual(L.valueLength)
        }
      }),
      RUNS,
    )
    expect(accepted, 'bodies accepted: the property must not hold vacuously').toBeGreaterThan(10)
  })

  it('accepts every valid split', () => {
    fc.assert(
      fc.property(validSplit, (body) => {
        expect(SplitUpdate.safeParse(body).success).toBe(true)
      }),
      RUNS,
    )
  })

  it('accepts a split at every cap at once', () => {
    const name = (i: number) => `${i}`.padStart(L.nameLength, 'v')
    const headers = Array.from({ length: L.headersPerMatch }, (_, i) => ({
      name: name(i),
      value: 'x'.repeat(L.valueLength),
    }))
    const body = {
      backends: Array.from({ length: L.backends }, (_, i) => ({
        name: name(i),
        weight: i ? 0 : 100,
      })),
      revision: '9'.repeat(L.revisionLength),
      matches: Array.from({ length: L.matches }, () => ({ backend: name(1), headers })),
    }
    expect(SplitUpdate.safeParse(body).success).toBe(true)
  })
})

describe('SplitUpdate remove', () => {
  const base = {
    backends: [
      { name: 'v1', weight: 100 },
      { name: 'v2', weight: 0 },
    ],
    revision: '7',
  }
  const fields = (input: unknown) => {
    const parsed = SplitUpdate.safeParse(input)
    return parsed.success ? [] : parsed.error.issues.map((i) => i.path.join('.'))
  }

  it('takes out a backend left at 0 or not named', () => {
    expect(fields({ ...base, remove: ['v2'] })).toEqual([])
    expect(fields({ ...base, backends: [base.backends[0]], remove: ['v2'] })).toEqual([])
  })

  it('refuses to take out a backend given weight, or the same one twice, naming the entry', () => {
    expect(fields({ ...base, remove: ['v1'] })).toEqual(['remove.0'])
    expect(fields({ ...base, remove: ['v2', 'v2'] })).toEqual(['remove.1'])
  })
})
