import { SplitUpdate, type SplitWriteResult, type TrafficSplit } from '@/lib/schemas'
import { readBody } from '@/server/http/body'
import { identityFor } from '@/server/http/acting'
import { handle } from '@/server/http/handle'
import { writeContext } from '@/server/http/write-context'
import { getSplits } from '@/server/splits'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ serviceId: string }>(
  async (request, { serviceId }): Promise<TrafficSplit> =>
    getSplits().read(await identityFor(request), serviceId),
)

/** Body: SplitUpdate, parsed here (400 naming the field) before any request to a source. */
export const PUT = handle<{ serviceId: string }>(
  async (request, { serviceId }): Promise<SplitWriteResult> =>
    getSplits().apply(await writeContext(request), serviceId, await readBody(request, SplitUpdate)),
)
