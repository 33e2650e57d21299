import 'server-only'
import type { AuthConfig } from '@/server/config/auth'
import { loadConfig } from '@/server/config/config'
import { NotFoundError } from '@/server/errors'
import type { Identity } from './identity'
import { OidcIssuer } from './oidc-issuer'
import { identityOf } from './resolve'

export { actorOf, MESHPANE, type Identity } from './identity'
export { sessionInfo } from './session-info'
export { finishSignIn, signOut, startSignIn } from './sign-in'

let shared: { auth: AuthConfig; issuer?: OidcIssuer } | undefined

/** The config's `auth` section and its provider, built on first use as the inventory is. */
export function getAuth() {
  if (!shared) {
    const { auth } = loadConfig()
    shared = { auth, ...(auth.strategy === 'oidc' && { issuer: new OidcIssuer(auth) }) }
  }
  return shared
}

/** The provider of the `oidc` strategy (404 for the sign-in routes under another strategy). */
export function getIssuer(): OidcIssuer {
  const { issuer } = getAuth()
  if (!issuer) throw new NotFoundError('sign-in through OpenID Connect is not configured')
  return issuer
}

/** Who the request acts for, as the config's `auth` section says to learn it (401 for nobody). */
export function requestIdentity(headers: Headers): Promise<Identity> {
  const { auth, issuer } = getAuth()
  return identityOf(headers, auth, issuer)
}
