import 'server-only'
import { timingSafeEqual } from 'node:crypto'
import fs from 'node:fs'
import type { ProxyAuth } from '@/server/config/auth'
import { UnauthorizedError } from '@/server/errors'
import type { Person } from './identity'

/**
 * The person an authenticating proxy names in its headers. A route handler cannot see the peer's
 * address (Next passes a client's own X-Forwarded-For through), so the headers are believed only
 * with the proxy's shared secret; read on every request, so a rotated secret applies at once.
 */
export function proxyPerson(headers: Headers, auth: ProxyAuth): Person {
  const sent = Buffer.from(headers.get(auth.secretHeader) ?? '')
  const secret = Buffer.from(fs.readFileSync(auth.secretFile, 'utf8').trim())
  if (sent.length !== secret.length || !timingSafeEqual(sent, secret))
    throw new UnauthorizedError('sign in through the authenticating proxy')
  const user = headers.get(auth.userHeader)?.trim()
  if (!user) throw new UnauthorizedError(`the proxy sent no ${auth.userHeader}`)
  // Headers joins a repeated header with ", ": one list either way.
  const groups = (headers.get(auth.groupsHeader) ?? '')
    .split(',')
    .map((g) => g.trim())
    .filter(Boolean)
  return { kind: 'person', user, groups }
}
