import type { Mesh } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { getInventory } from '@/server/inventory'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ meshId: string }>(
  async (_request, { meshId }): Promise<Mesh> => (await getInventory().getMesh(meshId)).mesh,
)
