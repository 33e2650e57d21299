import type { Rollout } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { rolloutOf } from '@/server/http/rollout-actions'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** The rollout with its timeline: each step's time, weights written and verdict with reasons. */
export const GET = handle<{ serviceId: string; rolloutId: string }>(
  async (_request, { serviceId, rolloutId }): Promise<Rollout> => rolloutOf(serviceId, rolloutId),
)
