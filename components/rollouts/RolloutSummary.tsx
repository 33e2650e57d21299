import type { Rollout } from '@/lib/schemas'
import { formatSplit } from '@/lib/format'
import { RolloutStateBadge } from './RolloutStateBadge'

/** "step 2 of 5 (10%)", or where it stands before the first step and after the last. */
export function stepText(r: Rollout): string {
  if (r.state === 'promoted') return `${r.plan.canary} at 100%`
  if (r.step < 0)
    return r.state === 'rolled-back' || r.state === 'aborted'
      ? `${r.plan.primary} at 100%`
      : 'starting'
  return `step ${r.step + 1} of ${r.steps.length} (${r.steps[r.step]}%)`
}

/** One line on the rollout: its state, where it stands, and why it is paused (with the difference). */
export function RolloutSummary({ rollout }: { rollout: Rollout }) {
  const { pause } = rollout
  return (
    <div className="space-y-2">
      <p className="flex flex-wrap items-center gap-3 text-sm text-slate-700">
        <RolloutStateBadge state={rollout.state} />
        <span>
          <span className="font-medium">{rollout.plan.canary}</span> over{' '}
          <span className="font-medium">{rollout.plan.primary}</span>, {rollout.plan.mode}
        </span>
        <span aria-label="Step">{stepText(rollout)}</span>
        <span className="text-slate-500">started by {rollout.startedBy.user}</span>
      </p>
      {pause && (
        <div
          role="status"
          className="rounded-md bg-warn-soft px-3 py-2 text-sm ring-1 ring-warn-line"
        >
          <p className="text-slate-800">Paused: {pause.message}</p>
          {pause.expected && pause.found && (
            <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 text-xs text-slate-700">
              <dt>Rollout wrote</dt>
              <dd>{formatSplit(pause.expected)}</dd>
              <dt>Found now</dt>
              <dd>{formatSplit(pause.found)}</dd>
            </dl>
          )}
        </div>
      )}
    </div>
  )
}
