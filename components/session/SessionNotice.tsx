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
        <span data-testid="signed-in-as">
          Signed in as <span className="font-medium text-slate-900">{data.user}</span>
        </span>
      )}
      {data.strategy === 'oidc' && (
        // A plain form post: sign-out ends the cookie session and goes through the provider.
        <form method="post" action="/api/auth/logout">
          <button
            type="submit"
            className="rounded px-2 py-1 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-brand"
          >
            Sign out
          </button>
        </form>
      )}
      {data.viewOnly && (
        <Badge tone="warn" title="viewOnly in meshpane.json: no change can be made">
          view-only
        </Badge>
      )}
    </div>
  )
}
