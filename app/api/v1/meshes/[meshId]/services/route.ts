import type { ServiceList } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { inventoryFor } from '@/server/http/acting'
import { getMetrics } from '@/server/metrics'
import { withMetrics } from '@/server/metrics/service-metrics'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ meshId: string }>(async (request, { meshId }): Promise<ServiceList> => {
  const inventory = await inventoryFor(request)
  return {
    items: await withMetrics(inventory, getMetrics(), meshId, await inventory.listServices(meshId)),
  }
})
