import 'server-only'
import path from 'node:path'
import { z } from 'zod'

/** An HTTP header name, as the proxy sends it (matched case-insensitively). */
const HeaderName = z.string().regex(/^[A-Za-z0-9-]+$/, { error: 'must be an HTTP header name' })

const None = z.object({ strategy: z.literal('none') }).strict()

/**
 * Sign-in through an OpenID Connect provider (Authorization Code with PKCE); API clients send the
 * provider's tokens as `Authorization: Bearer`, checked against the issuer's keys.
 */
const Oidc = z
  .object({
    strategy: z.literal('oidc'),
    issuer: z.url({ protocol: /^https?$/, error: 'must be the issuer URL' }),
    clientId: z.string().min(1),
    clientSecretFile: z.string().min(1),
    /** CA certificates (PEM) the issuer's certificate must chain to, instead of the system's. */
    caFile: z.string().min(1).optional(),
    scopes: z.array(z.string().min(1)).default(['openid', 'profile', 'email', 'groups']),
    usernameClaim: z.string().min(1).default('preferred_username'),
    groupsClaim: z.string().min(1).default('groups'),
    tokenEndpointAuthMethod: z
      .enum(['client_secret_basic', 'client_secret_post'])
      .default('client_secret_basic'),
    /** How long a browser session lasts before signing in again. */
    sessionTtlSeconds: z
      .number()
      .int()
      .positive()
      .max(7 * 24 * 3600)
      .default(8 * 3600),
  })
  .strict()

/**
 * Behind an authenticating reverse proxy (oauth2-proxy conventions). A Next route handler cannot
 * see the peer's address, so the proxy proves itself with a shared secret in `secretHeader`.
 */
const Proxy = z
  .object({
    strategy: z.literal('proxy'),
    userHeader: HeaderName.default('X-Forwarded-User'),
    groupsHeader: HeaderName.default('X-Forwarded-Groups'),
    secretHeader: HeaderName.default('X-Meshpane-Proxy-Secret'),
    secretFile: z.string().min(1),
  })
  .strict()

/** The `auth` section: who is acting, and how Meshpane learns it. */
export const AuthConfig = z
  .discriminatedUnion('strategy', [None, Oidc, Proxy])
  .default({ strategy: 'none' })
export type AuthConfig = z.infer<typeof AuthConfig>
export type OidcAuth = z.infer<typeof Oidc>
export type ProxyAuth = z.infer<typeof Proxy>

/** The section with its files resolved against the config file's folder. */
export function resolveAuthPaths(auth: AuthConfig, dir: string): AuthConfig {
  const at = (file: string) => path.resolve(dir, file)
  switch (auth.strategy) {
    case 'none':
      return auth
    case 'oidc':
      return {
        ...auth,
        clientSecretFile: at(auth.clientSecretFile),
        ...(auth.caFile && { caFile: at(auth.caFile) }),
      }
    case 'proxy':
      return { ...auth, secretFile: at(auth.secretFile) }
  }
}
