import { handle } from '@/server/http/handle'
import { inventoryFor } from '@/server/http/acting'
import { liveUpdates } from '@/server/http/live-updates'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Server-sent events naming the sources that changed, for pages to refresh what they show. */
export const GET = handle(async (request) =>
  liveUpdates(await inventoryFor(request), request.signal),
)
