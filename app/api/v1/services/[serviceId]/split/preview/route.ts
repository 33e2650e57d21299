import type { SplitPreview } from '@/lib/schemas'
import { readJson } from '@/server/http/body'
import { handle } from '@/server/http/handle'
import { getInventory } from '@/server/inventory'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Body: SplitUpdate; answers the native object before and after, writing nothing. */
export const POST = handle<{ serviceId: string }>(
  async (request, { serviceId }): Promise<SplitPreview> =>
    getInventory().previewSplit(serviceId, await readJson(request)),
)
