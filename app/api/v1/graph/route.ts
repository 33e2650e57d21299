import type { ServiceGraph } from '@/lib/schemas'
import { identityFor } from '@/server/http/acting'
import { handle } from '@/server/http/handle'
import { getGraphReader, serviceGraph } from '@/server/graph'
import { getInventory } from '@/server/inventory'
import { getMetrics } from '@/server/metrics'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** As the request's person sees it: their services only, other callers as `unknown`. */
export const GET = handle(async (request): Promise<ServiceGraph> => {
  const identity = await identityFor(request)
  return serviceGraph(
    getGraphReader(),
    getInventory().as(identity),
    getMetrics(),
    new URL(request.url).searchParams,
    identity.kind === 'person',
  )
})
