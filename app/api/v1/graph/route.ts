import type { ServiceGraph } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { getGraphReader, serviceGraph } from '@/server/graph'
import { getInventory } from '@/server/inventory'
import { getMetrics } from '@/server/metrics'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle(async (request): Promise<ServiceGraph> =>
  serviceGraph(getGraphReader(), getInventory(), getMetrics(), new URL(request.url).searchParams),
)
