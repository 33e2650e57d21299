import type { ServiceMetrics } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { getInventory } from '@/server/inventory'
import { getMetrics } from '@/server/metrics'
import { serviceMetrics } from '@/server/metrics/service-metrics'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ serviceId: string }>(
  async (request, { serviceId }): Promise<ServiceMetrics> =>
    serviceMetrics(getInventory(), getMetrics(), serviceId, new URL(request.url).searchParams),
)
