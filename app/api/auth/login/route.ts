import { handle } from '@/server/http/handle'
import { startSignIn, getIssuer } from '@/server/identity'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Sends the browser to the provider's sign-in (`?returnTo=/path` to come back there). */
export const GET = handle(async (request): Promise<Response> => startSignIn(getIssuer(), request))
