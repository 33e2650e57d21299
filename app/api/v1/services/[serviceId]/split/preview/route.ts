import { SplitUpdate, type SplitPreview } from '@/lib/schemas'
import { readBody } from '@/server/http/body'
import { identityFor } from '@/server/http/acting'
import { handle } from '@/server/http/handle'
import { getSplits } from '@/server/splits'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Body: SplitUpdate; answers the native object before and after, writing nothing. */
export const POST = handle<{ serviceId: string }>(
  async (request, { serviceId }): Promise<SplitPreview> =>
    getSplits().preview(
      await identityFor(request),
      serviceId,
      await readBody(request, SplitUpdate),
    ),
)
