import { describe, expect, it } from 'vitest'
import { diffLines } from './line-diff'

describe('diffLines', () => {
  it('marks only the changed lines', () => {
    const before = 'route:\n- weight: 100\n  subset: v1\n- weight: 0\n  subset: v2'
    const after = 'route:\n- weight: 70\n  subset: v1\n- weight: 30\n  subset: v2'
    expect(diffLines(before, after)).toEqual([
      { kind: 'same', text: 'route:' },
      { kind: 'removed', text: '- weight: 100' },
      { kind: 'added', text: '- weight: 70' },
      { kind: 'same', text: '  subset: v1' },
      { kind: 'removed', text: '- weight: 0' },
      { kind: 'added', text: '- weight: 30' },
      { kind: 'same', text: '  subset: v2' },
    ])
  })

  it('finds no change in equal texts', () => {
    expect(diffLines('a\nb', 'a\nb').every((l) => l.kind === 'same')).toBe(true)
  })

  it('handles lines added at the end and removed at the start', () => {
    expect(diffLines('a\nb', 'b\nc')).toEqual([
      { kind: 'removed', text: 'a' },
      { kind: 'same', text: 'b' },
      { kind: 'added', text: 'c' },
    ])
  })
})
