import type { ServiceList } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { getInventory } from '@/server/inventory'
import { getMetrics } from '@/server/metrics'
import { withMetrics } from '@/server/metrics/service-metrics'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ meshId: string }>(
  async (_request, { meshId }): Promise<ServiceList> => {
    const { items, problems } = await getInventory().serviceList(meshId)
    return { items: await withMetrics(getInventory(), getMetrics(), meshId, items), problems }
  },
)
