import { handle } from '@/server/http/handle'
import { finishSignIn, getIssuer } from '@/server/identity'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** The provider sends the browser back here with a code; a session cookie and back to `returnTo`. */
export const GET = handle(async (request): Promise<Response> => finishSignIn(getIssuer(), request))
