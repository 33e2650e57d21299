import type { Rollout, RolloutEvent } from '@/lib/schemas'
import { formatSplit } from '@/lib/format'
import { Badge } from '@/components/ui/Badge'
import { healthTone } from '@/components/ui/tones'

const time = (iso: string) => new Date(iso).toLocaleTimeString()

function EventLine({ event, steps }: { event: RolloutEvent; steps: number[] }) {
  const percent = event.step >= 0 ? steps[event.step] : undefined
  return (
    <li className="flex flex-wrap items-baseline gap-x-3 gap-y-1 py-2 text-sm">
      <time dateTime={event.time} className="w-20 shrink-0 text-xs text-slate-500 tabular-nums">
        {time(event.time)}
      </time>
      <span className="w-24 shrink-0 font-medium text-slate-800">
        {event.type}
        {event.type === 'step' && percent !== undefined && ` ${event.step + 1} (${percent}%)`}
      </span>
      {event.verdict && (
        <Badge tone={healthTone[event.verdict.status]}>{event.verdict.status}</Badge>
      )}
      <span className="min-w-0 flex-1 text-slate-700">
        {event.message}
        {event.weights && (
          <span className="ml-2 text-xs text-slate-500">{formatSplit(event.weights)}</span>
        )}
      </span>
    </li>
  )
}

/** What the rollout did, newest first: each step's weights, each check's verdict with its reasons. */
export function RolloutTimeline({ rollout }: { rollout: Rollout }) {
  return (
    <ol aria-label="Rollout timeline" className="divide-y divide-slate-100">
      {[...rollout.timeline].reverse().map((e, i) => (
        <EventLine key={`${e.time}-${i}`} event={e} steps={rollout.steps} />
      ))}
    </ol>
  )
}
