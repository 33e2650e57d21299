'use client'

import { useState } from 'react'
import { diffLines, foldUnchanged, type DiffHunkLine } from '@/lib/line-diff'
import type { SplitPreview } from '@/lib/schemas'
import { cx } from '@/components/ui/cx'

const lineStyle = {
  same: 'text-slate-600',
  removed: 'bg-bad-soft text-bad',
  added: 'bg-ok-soft text-ok',
} as const

const marker = { same: ' ', removed: '-', added: '+' } as const

function Line({ line }: { line: DiffHunkLine }) {
  if (line.kind === 'skipped')
    return (
      <div className="bg-slate-50 px-4 text-slate-400 italic select-none">
        … {line.count} unchanged lines
      </div>
    )
  return (
    <div data-change={line.kind} className={cx('px-4 whitespace-pre', lineStyle[line.kind])}>
      <span aria-hidden className="mr-3 inline-block w-2 select-none">
        {marker[line.kind]}
      </span>
      {line.kind !== 'same' && <span className="sr-only">{line.kind}: </span>}
      {line.text}
    </div>
  )
}

/** The native object before and after the change as one line diff: changed lines marked, long unchanged runs folded. */
export function PreviewDiff({ preview }: { preview: SplitPreview }) {
  const [whole, setWhole] = useState(false)
  const lines = diffLines(preview.before, preview.after)
  const changed = lines.filter((l) => l.kind !== 'same').length
  const shown = whole ? lines : foldUnchanged(lines)
  const { object } = preview
  return (
    <section aria-label="Preview" className="overflow-hidden rounded-lg ring-1 ring-slate-200">
      <header className="flex flex-wrap items-center justify-between gap-2 border-b border-slate-200 bg-slate-50 px-4 py-2 text-sm">
        <span className="font-medium text-slate-800">
          {object.kind} {object.namespace ? `${object.namespace}/` : ''}
          {object.name}
          <span className="ml-2 font-normal text-slate-500">{object.apiVersion}</span>
        </span>
        <span className="flex items-center gap-3 text-slate-500">
          {changed === 0 ? 'No change' : `${changed} changed lines`}
          <button
            type="button"
            aria-pressed={whole}
            onClick={() => setWhole(!whole)}
            className="rounded text-brand hover:underline focus-visible:outline-2 focus-visible:outline-brand"
          >
            Show whole object
          </button>
        </span>
      </header>
      <pre
        data-testid="preview-diff"
        className="max-h-96 overflow-auto bg-white py-2 font-mono text-xs leading-5"
      >
        {shown.map((line, i) => (
          <Line key={i} line={line} />
        ))}
      </pre>
    </section>
  )
}
