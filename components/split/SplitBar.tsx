import type { SplitBackend } from '@/lib/schemas'
import { formatSplit } from '@/lib/format'
import { backendFill } from '@/components/ui/tones'

/** A split as one horizontal stacked bar, with a legend of backend names and percents. */
export function SplitBar({ backends }: { backends: readonly SplitBackend[] }) {
  return (
    <div className="min-w-48 space-y-1.5">
      <div
        role="img"
        aria-label={`Traffic split: ${formatSplit(backends)}`}
        className="flex h-2.5 w-full overflow-hidden rounded-full bg-slate-100"
      >
        {backends.map((b, i) =>
          b.weight > 0 ? (
            <div
              key={b.name}
              className={backendFill(i)}
              style={{ width: `${b.weight}%` }}
              title={`${b.name} ${b.weight}%`}
            />
          ) : null,
        )}
      </div>
      <ul className="flex flex-wrap gap-x-3 gap-y-0.5 text-xs text-slate-600" aria-hidden>
        {backends.map((b, i) => (
          <li key={b.name} className="inline-flex items-center gap-1">
            <span className={`size-2 rounded-sm ${backendFill(i)}`} />
            <span className="font-medium text-slate-800">{b.name}</span>
            <span className="tabular-nums">{b.weight}%</span>
          </li>
        ))}
      </ul>
    </div>
  )
}
