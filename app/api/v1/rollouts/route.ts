import { RolloutQuery, type RolloutList } from '@/lib/schemas'
import { readQuery } from '@/server/http/body'
import { handle } from '@/server/http/handle'
import { getRollouts } from '@/server/rollouts'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Every rollout across sources, newest first; filters `state`, `service`, `limit`. */
export const GET = handle(async (request): Promise<RolloutList> => ({
  items: await (await getRollouts()).list(readQuery(request, RolloutQuery)),
}))
