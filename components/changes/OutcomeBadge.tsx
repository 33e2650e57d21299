import { outcomeLabel, outcomeTone } from './change-view'
import { Badge } from '@/components/ui/Badge'
import type { ChangeRecord } from '@/lib/schemas'

/** The outcome with its reason, and the server's message beneath where there is one. */
export function OutcomeBadge({ change }: { change: ChangeRecord }) {
  return (
    <div className="space-y-1">
      <div className="flex flex-wrap gap-1">
        <Badge tone={outcomeTone[change.outcome]}>{outcomeLabel(change)}</Badge>
        {change.forced && (
          <Badge tone="warn" title="Written over the object's owner after the operator confirmed">
            forced
          </Badge>
        )}
        {change.warnings?.length ? (
          <Badge tone="warn" title={change.warnings.join('\n')}>
            {change.warnings.length === 1 ? 'warning' : `${change.warnings.length} warnings`}
          </Badge>
        ) : null}
      </div>
      {change.message && (
        <p title={change.message} className="line-clamp-2 max-w-xs text-xs text-slate-500">
          {change.message}
        </p>
      )}
    </div>
  )
}
