import type { ChangeRecord } from '@/lib/schemas'
import { getAudit } from '@/server/changes'
import { NotFoundError } from '@/server/errors'
import { identityFor } from '@/server/http/acting'
import { handle } from '@/server/http/handle'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle<{ changeId: string }>(
  async (request, { changeId }): Promise<ChangeRecord> => {
    await identityFor(request) // signed-in people only
    const change = await (await getAudit()).store.get(changeId)
    if (!change) throw new NotFoundError(`no change has id "${changeId}"`)
    return change
  },
)
