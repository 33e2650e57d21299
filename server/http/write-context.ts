import 'server-only'
import { randomUUID } from 'node:crypto'
import { actorOf } from '@/server/identity/actor'
import type { WriteContext } from '@/server/splits'

/** The header the console's own API client sends, so records tell the UI from scripts. */
export const CLIENT_HEADER = 'x-meshpane-client'

/** A caller's request id is kept when it is a plain token; anything else gets a fresh one. */
export const REQUEST_ID = /^[\w.:-]{1,128}$/

/** Who is writing (see actorOf), from where. */
export function writeContext(request: Request): WriteContext {
  const given = request.headers.get('x-request-id')
  const userAgent = request.headers.get('user-agent')?.slice(0, 256)
  return {
    actor: actorOf(request),
    requestId: given && REQUEST_ID.test(given) ? given : randomUUID(),
    client: {
      kind: request.headers.get(CLIENT_HEADER) === 'ui' ? 'ui' : 'api',
      ...(userAgent && { userAgent }),
    },
  }
}
