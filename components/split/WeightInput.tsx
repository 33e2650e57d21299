'use client'

import { useState } from 'react'

/**
 * The number beside a slider. While focused it shows what the operator types (an empty field, a
 * value the others cannot absorb yet), and each parseable keystroke moves the split; on blur it
 * shows the weight the split actually took.
 */
export function WeightInput({
  name,
  weight,
  disabled,
  onWeight,
}: {
  name: string
  weight: number
  disabled: boolean
  onWeight: (value: number) => void
}) {
  const [draft, setDraft] = useState<string | null>(null)
  return (
    <div className="flex items-center gap-1">
      <input
        type="number"
        inputMode="numeric"
        min={0}
        max={100}
        step={1}
        aria-label={`Percent for ${name}`}
        disabled={disabled}
        value={draft ?? String(weight)}
        onChange={(event) => {
          setDraft(event.target.value)
          const value = Number.parseInt(event.target.value, 10)
          if (Number.isFinite(value)) onWeight(value)
        }}
        onBlur={() => setDraft(null)}
        className="w-16 rounded-md border-0 px-2 py-1 text-right text-sm tabular-nums ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand focus:outline-none disabled:bg-slate-50 disabled:text-slate-500"
      />
      <span className="text-sm text-slate-500">%</span>
    </div>
  )
}
