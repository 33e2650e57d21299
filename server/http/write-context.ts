import 'server-only'
import { randomUUID } from 'node:crypto'
import { requestIdentity } from '@/server/identity'
import type { WriteContext } from '@/server/splits'

/** The header the console's own API client sends, so records tell the UI from scripts. */
export const CLIENT_HEADER = 'x-meshpane-client'

/** A caller's request id is kept when it is a plain token; anything else gets a fresh one. */
const REQUEST_ID = /^[\w.:-]{1,128}$/

/** Who is writing (401 for nobody signed in), from where, under which request id. */
export async function writeContext(request: Request): Promise<WriteContext> {
  const given = request.headers.get('x-request-id')
  const userAgent = request.headers.get('user-agent')?.slice(0, 256)
  return {
    identity: await requestIdentity(request.headers),
    requestId: given && REQUEST_ID.test(given) ? given : randomUUID(),
    client: {
      kind: request.headers.get(CLIENT_HEADER) === 'ui' ? 'ui' : 'api',
      ...(userAgent && { userAgent }),
    },
  }
}
