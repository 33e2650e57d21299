import type { MeshService } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { inventoryFor } from '@/server/http/acting'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ serviceId: string }>(
  async (request, { serviceId }): Promise<MeshService> =>
    (await inventoryFor(request)).getService(serviceId),
)
