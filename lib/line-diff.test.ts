import { describe, expect, it } from 'vitest'
import { diffLines, foldUnchanged } from './line-diff'

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

describe('foldUnchanged', () => {
  it('keeps context around changes and folds the rest', () => {
    const before = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].join('\n')
    const after = ['a', 'b', 'c', 'd', 'E', 'f', 'g', 'h'].join('\n')
    expect(foldUnchanged(diffLines(before, after), 1)).toEqual([
      { kind: 'skipped', count: 3 },
      { kind: 'same', text: 'd' },
      { kind: 'removed', text: 'e' },
      { kind: 'added', text: 'E' },
      { kind: 'same', text: 'f' },
      { kind: 'skipped', count: 2 },
    ])
  })

  it('folds everything when nothing changed', () => {
    expect(foldUnchanged(diffLines('a\nb', 'a\nb'))).toEqual([{ kind: 'skipped', count: 2 }])
  })
})
