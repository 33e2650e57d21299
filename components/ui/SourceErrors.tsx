import type { SourceError } from '@/lib/schemas'

/** Sources that failed while listing; what the others hold still shows. */
export function SourceErrors({ errors }: { errors: SourceError[] }) {
  if (errors.length === 0) return null
  return (
    <ul
      aria-label="Source errors"
      className="space-y-1 rounded-lg bg-bad-soft px-4 py-3 text-sm ring-1 ring-bad-line"
    >
      {errors.map((e, i) => (
        <li key={`${e.sourceId} ${i}`}>
          <span className="font-medium text-bad">{e.sourceName}:</span>{' '}
          <span className="text-slate-700">{e.message}</span>
        </li>
      ))}
    </ul>
  )
}
