export type DiffLine = { kind: 'same' | 'removed' | 'added'; text: string }

/**
 * A line diff of two texts by longest common subsequence: enough for the YAML of one native object
 * (tens to hundreds of lines), where the quadratic table is cheap and the result is the minimal one.
 */
export function diffLines(before: string, after: string): DiffLine[] {
  const a = before.split('\n')
  const b = after.split('\n')
  // lcs[i][j] = length of the longest common subsequence of a[i..] and b[j..]
  const lcs = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0))
  for (let i = a.length - 1; i >= 0; i--)
    for (let j = b.length - 1; j >= 0; j--)
      lcs[i]![j] =
        a[i] === b[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!)

  const lines: DiffLine[] = []
  let i = 0
  let j = 0
  while (i < a.length || j < b.length) {
    if (i < a.length && j < b.length && a[i] === b[j]) {
      lines.push({ kind: 'same', text: a[i++]! })
      j++
    } else if (i < a.length && (j === b.length || lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      // on a tie, removals come first, so a changed line reads as old then new
      lines.push({ kind: 'removed', text: a[i++]! })
    } else {
      lines.push({ kind: 'added', text: b[j++]! })
    }
  }
  return lines
}

export type DiffHunkLine = DiffLine | { kind: 'skipped'; count: number }

/**
 * Keeps `context` unchanged lines around each change and folds longer unchanged runs into one
 * `skipped` marker, so the few changed weights of a large object show without scrolling.
 */
export function foldUnchanged(lines: readonly DiffLine[], context = 3): DiffHunkLine[] {
  const near = lines.map(() => false)
  lines.forEach((line, i) => {
    if (line.kind === 'same') return
    for (let k = Math.max(0, i - context); k <= Math.min(lines.length - 1, i + context); k++)
      near[k] = true
  })
  const folded: DiffHunkLine[] = []
  lines.forEach((line, i) => {
    if (near[i]) folded.push(line)
    else {
      const last = folded[folded.length - 1]
      if (last?.kind === 'skipped') last.count += 1
      else folded.push({ kind: 'skipped', count: 1 })
    }
  })
  return folded
}
