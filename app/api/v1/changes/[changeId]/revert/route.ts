import { RevertRequest, type SplitWriteResult } from '@/lib/schemas'
import { getAudit } from '@/server/changes'
import { readBody } from '@/server/http/body'
import { handle } from '@/server/http/handle'
import { writeContext } from '@/server/http/write-context'
import { getSplits, revertChange } from '@/server/splits'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Body: `{ comment?, force? }`; writes the change's "before" split if nothing moved since (else 409). */
export const POST = handle<{ changeId: string }>(
  async (request, { changeId }): Promise<SplitWriteResult> =>
    revertChange(
      getSplits(),
      (await getAudit()).store,
      await writeContext(request),
      changeId,
      await readBody(request, RevertRequest),
    ),
)
