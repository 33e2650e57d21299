import type { MeshService } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { getInventory } from '@/server/inventory'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ serviceId: string }>(
  async (_request, { serviceId }): Promise<MeshService> => getInventory().getService(serviceId),
)
