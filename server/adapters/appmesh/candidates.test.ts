import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { NodeNames } from './candidates'

describe('NodeNames', () => {
  const part = fc.constantFrom('refunds', 'v1', 'v2', 'canary', 'x')
  const name = fc.array(part, { minLength: 1, maxLength: 4 }).map((p) => p.join('-'))

  it('finds the nodes named `<prefix>-...` as a scan of every name would, in list order', () => {
    fc.assert(
      fc.property(fc.array(name, { maxLength: 20 }), name, (names, prefix) => {
        const nodes = new NodeNames(names)
        expect(nodes.under(prefix)).toEqual(names.filter((n) => n.startsWith(`${prefix}-`)))
        expect(nodes.has(prefix)).toBe(names.includes(prefix))
      }),
    )
  })
})
