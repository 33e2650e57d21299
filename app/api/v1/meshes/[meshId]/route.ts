import type { Mesh } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { inventoryFor } from '@/server/http/acting'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ meshId: string }>(
  async (request, { meshId }): Promise<Mesh> =>
    (await (await inventoryFor(request)).getMesh(meshId)).mesh,
)
