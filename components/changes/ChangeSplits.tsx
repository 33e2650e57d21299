import { changeSummary } from './change-view'
import type { ChangeRecord } from '@/lib/schemas'

/** Before, then → after on the next line; "requested" where nothing was written. */
export function ChangeSplits({ change }: { change: ChangeRecord }) {
  const { from, to, requestedOnly } = changeSummary(change)
  return (
    <p className="text-xs leading-5 whitespace-nowrap tabular-nums">
      {from && <span className="block text-slate-500">{from}</span>}
      <span className="block">
        {from && (
          <>
            <span aria-hidden className="mr-1 text-slate-400">
              →
            </span>
            <span className="sr-only">to </span>
          </>
        )}
        {requestedOnly && <span className="text-slate-500">requested </span>}
        <span className="font-medium text-slate-900">{to}</span>
      </span>
    </p>
  )
}
