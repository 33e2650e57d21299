import type { ServiceMetrics } from '@/lib/schemas'
import { inventoryFor } from '@/server/http/acting'
import { handle } from '@/server/http/handle'
import { getMetrics } from '@/server/metrics'
import { serviceMetrics } from '@/server/metrics/service-metrics'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ serviceId: string }>(
  async (request, { serviceId }): Promise<ServiceMetrics> =>
    serviceMetrics(
      await inventoryFor(request),
      getMetrics(),
      serviceId,
      new URL(request.url).searchParams,
    ),
)
