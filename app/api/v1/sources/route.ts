import type { SourceList } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { inventoryFor } from '@/server/http/acting'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle(async (request): Promise<SourceList> => ({
  items: await (await inventoryFor(request)).listSources(),
}))
