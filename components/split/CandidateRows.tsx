'use client'

import { WeightInput } from './WeightInput'
import { Readiness } from '@/components/inventory/Readiness'
import type { CandidateBackend } from '@/lib/schemas'

/**
 * The versions the route does not name yet, apart from its backends: giving one weight adds it to
 * the route when the split is applied (left at 0 it stays out). Versions that cannot take traffic
 * say why (e.g. pods without a DestinationRule subset).
 */
export function CandidateRows({
  candidates,
  weights,
  stranded,
  readiness,
  readOnly,
  onWeight,
}: {
  /** The candidates a write may give weight, in the draft's order. */
  candidates: readonly { name: string }[]
  weights: readonly number[]
  /** Versions that could take traffic but cannot be routed to, each with its reason. */
  stranded: readonly CandidateBackend[]
  readiness: Record<string, { ready: number; total: number }>
  readOnly?: string
  onWeight: (index: number, value: number) => void
}) {
  if (candidates.length === 0 && stranded.length === 0) return null
  return (
    <section aria-labelledby="candidates-heading" className="rounded-md bg-slate-50 p-3">
      <h3 id="candidates-heading" className="text-sm font-semibold text-slate-800">
        Candidates
      </h3>
      <p className="text-xs text-slate-500">
        Not in the route yet: give one weight and it joins the route when you apply.
      </p>
      <ul aria-label="Candidates" className="divide-y divide-slate-200">
        {candidates.map((c, i) => (
          <li
            key={c.name}
            className="grid grid-cols-[minmax(7rem,10rem)_1fr_auto] items-center gap-4 py-2"
          >
            <CandidateName name={c.name} readiness={readiness[c.name]} />
            <input
              type="range"
              min={0}
              max={100}
              step={1}
              value={weights[i]!}
              aria-label={`Weight of candidate ${c.name}`}
              aria-valuetext={`${weights[i]}%`}
              disabled={!!readOnly}
              title={readOnly}
              onChange={(event) => onWeight(i, Number(event.target.value))}
              className="h-2 w-full cursor-pointer accent-brand focus-visible:outline-2 focus-visible:outline-offset-4 focus-visible:outline-brand disabled:cursor-not-allowed disabled:opacity-50"
            />
            <WeightInput
              name={c.name}
              weight={weights[i]!}
              disabled={!!readOnly}
              onWeight={(value) => onWeight(i, value)}
            />
          </li>
        ))}
        {stranded.map((c) => (
          <li key={c.name} className="grid grid-cols-[minmax(7rem,10rem)_1fr] gap-4 py-2">
            <CandidateName name={c.name} readiness={readiness[c.name]} />
            <p className="text-sm text-slate-600">Cannot take traffic: {c.reason}</p>
          </li>
        ))}
      </ul>
    </section>
  )
}

function CandidateName({
  name,
  readiness,
}: {
  name: string
  readiness?: { ready: number; total: number }
}) {
  return (
    <div className="min-w-0 space-y-1">
      <span className="block truncate font-medium text-slate-900">{name}</span>
      {readiness && <Readiness ready={readiness.ready} total={readiness.total} />}
    </div>
  )
}
