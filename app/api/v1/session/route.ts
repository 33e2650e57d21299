import type { Session } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { requestIdentity, sessionInfo } from '@/server/identity'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle(async (request): Promise<Session> =>
  sessionInfo(await requestIdentity(request.headers)),
)
