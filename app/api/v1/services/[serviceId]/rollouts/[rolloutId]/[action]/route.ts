import type { Rollout } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { rolloutAction } from '@/server/http/rollout-actions'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** promote (`{ full? }`), pause, resume, abort (`{ comment? }`); the body may be left out. */
export const POST = handle<{ serviceId: string; rolloutId: string; action: string }>(
  async (request, { serviceId, rolloutId, action }): Promise<Rollout> =>
    rolloutAction(request, serviceId, rolloutId, action),
)
