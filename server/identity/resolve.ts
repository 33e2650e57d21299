import 'server-only'
import type { AuthConfig } from '@/server/config/auth'
import { UnauthorizedError } from '@/server/errors'
import { MESHPANE, type Identity } from './identity'
import type { OidcIssuer } from './oidc-issuer'
import { proxyPerson } from './proxy-headers'
import { sessionOf } from './session'

const BEARER = /^Bearer\s+(\S+)$/i

/**
 * Who a request acts for, from its headers: Meshpane itself without sign-in; with `oidc` the
 * bearer token of a script, else the browser's session; behind a proxy, the person it names.
 * 401 when nobody is signed in.
 */
export async function identityOf(
  headers: Headers,
  auth: AuthConfig,
  issuer: OidcIssuer | undefined,
): Promise<Identity> {
  switch (auth.strategy) {
    case 'none':
      return MESHPANE
    case 'proxy':
      return proxyPerson(headers, auth)
    case 'oidc': {
      const bearer = BEARER.exec(headers.get('authorization') ?? '')?.[1]
      if (bearer) return issuer!.verifyBearer(bearer)
      const session = await sessionOf(auth, headers)
      if (session) return { kind: 'person', user: session.user, groups: session.groups }
      throw new UnauthorizedError('sign in, or send an Authorization: Bearer token')
    }
  }
}
