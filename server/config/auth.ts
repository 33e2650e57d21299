import 'server-only'
import { z } from 'zod'

/** How people sign in: `none` acts with Meshpane's own identity and is allowed on loopback only. */
export const AuthStrategy = z.enum(['none', 'oidc', 'proxy'])
export type AuthStrategy = z.infer<typeof AuthStrategy>

/**
 * The `auth` section. Each strategy's own settings (issuer, trusted proxy addresses, ...) join
 * `strategy` here as they are built.
 */
export const AuthConfig = z
  .object({ strategy: AuthStrategy.default('none') })
  .default({ strategy: 'none' })
export type AuthConfig = z.infer<typeof AuthConfig>
