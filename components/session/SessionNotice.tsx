'use client'

import { useSession } from '@/components/queries'
import { Badge } from '@/components/ui/Badge'

/** Says in the header who Meshpane acts as (plainly, when nobody signs in) and when it is view-only. */
export function SessionNotice() {
  const { data } = useSession()
  if (!data) return null
  return (
    <div data-testid="session" className="ml-auto flex items-center gap-3 text-sm text-slate-600">
      {data.strategy === 'none' ? (
        <span title="auth.strategy is none in meshpane.json">
          No sign-in: acting as Meshpane&apos;s own identity (its kubeconfig and AWS credentials)
        </span>
      ) : (
        <span>
          Signed in as <span className="font-medium text-slate-900">{data.user}</span>
        </span>
      )}
      {data.viewOnly && (
        <Badge tone="warn" title="viewOnly in meshpane.json: no change can be made">
          view-only
        </Badge>
      )}
    </div>
  )
}
