import type { Session } from '@/lib/schemas'
import { handle } from '@/server/http/handle'
import { sessionOf } from '@/server/identity/session'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

export const GET = handle(async (request): Promise<Session> => sessionOf(request))
