import { RolloutPlan, type Rollout, type RolloutList } from '@/lib/schemas'
import { readBody } from '@/server/http/body'
import { handle } from '@/server/http/handle'
import { identityFor } from '@/server/http/acting'
import { getRollouts } from '@/server/rollouts'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ serviceId: string }>(
  async (_request, { serviceId }): Promise<RolloutList> => ({
    items: await (await getRollouts()).list({ service: serviceId, limit: 100 }),
  }),
)

/** Body: RolloutPlan (400 naming the field); answers the rollout with its first step written. */
export const POST = handle<{ serviceId: string }>(
  async (request, { serviceId }): Promise<Rollout> =>
    (await getRollouts()).create(
      await identityFor(request),
      serviceId,
      await readBody(request, RolloutPlan),
    ),
)
