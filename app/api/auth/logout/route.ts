import { handle } from '@/server/http/handle'
import { signOut, getIssuer } from '@/server/identity'

export const dynamic = 'force-dynamic'
export const runtime = 'nodejs'

/** Ends the session (and the provider's), then back to the console, which asks to sign in. */
export const POST = handle(async (request): Promise<Response> => signOut(getIssuer(), request))
