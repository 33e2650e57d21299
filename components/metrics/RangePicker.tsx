'use client'

import { METRIC_RANGES, type MetricRange } from './ranges'
import { cx } from '@/components/ui/cx'

/** A segmented radio group: one labelled radio per range, keyboard-operable as radios are. */
export function RangePicker({
  value,
  onChange,
}: {
  value: MetricRange
  onChange: (range: MetricRange) => void
}) {
  return (
    <fieldset className="flex items-center gap-2">
      <legend className="sr-only">Time range</legend>
      <span aria-hidden className="text-xs text-slate-500">
        Range
      </span>
      <div className="inline-flex rounded-md bg-white shadow-sm ring-1 ring-slate-300">
        {METRIC_RANGES.map((r) => (
          <label
            key={r.range}
            className={cx(
              'cursor-pointer px-2.5 py-1 text-xs font-medium first:rounded-l-md last:rounded-r-md has-focus-visible:outline-2 has-focus-visible:outline-brand',
              r.range === value.range ? 'bg-brand text-white' : 'text-slate-700 hover:bg-slate-50',
            )}
          >
            <input
              type="radio"
              name="metrics-range"
              className="sr-only"
              checked={r.range === value.range}
              onChange={() => onChange(r)}
            />
            {r.label}
          </label>
        ))}
      </div>
    </fieldset>
  )
}
