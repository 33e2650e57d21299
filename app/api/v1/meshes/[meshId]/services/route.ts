import type { ServiceList } from '@/lib/schemas'
import { inventoryFor } from '@/server/http/acting'
import { handle } from '@/server/http/handle'
import { getMetrics } from '@/server/metrics'
import { withMetrics } from '@/server/metrics/service-metrics'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ meshId: string }>(async (request, { meshId }): Promise<ServiceList> => {
  const inventory = await inventoryFor(request)
  const { items, ...rest } = await inventory.serviceList(meshId)
  return { ...rest, items: await withMetrics(inventory, getMetrics(), meshId, items) }
})
