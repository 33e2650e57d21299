import type { TrafficSplit } from '@/lib/schemas'
import { readJson } from '@/server/http/body'
import { handle } from '@/server/http/handle'
import { getInventory } from '@/server/inventory'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ serviceId: string }>(
  async (_request, { serviceId }): Promise<TrafficSplit> => getInventory().readSplit(serviceId),
)

/** Body: SplitUpdate; validated (400 naming the field) by the owning adapter before any write. */
export const PUT = handle<{ serviceId: string }>(
  async (request, { serviceId }): Promise<TrafficSplit> =>
    getInventory().applySplit(serviceId, await readJson(request)),
)
