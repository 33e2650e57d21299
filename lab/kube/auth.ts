// Bearer-token authentication: each token the lab knows stands for a user and their groups; a
// token a cluster issued to a service account stands for that service account.
import type { UserInfo } from './rbac/evaluate'
import type { ServiceAccountTokens } from './service-account-tokens'
import { unauthorized } from './status'

export interface Identity {
  user: string
  token: string
  groups: string[]
}

/** The token's user, who like every authenticated user is also in `system:authenticated`. */
export function authenticate(
  identities: Identity[],
  serviceAccounts: ServiceAccountTokens,
  header: string | undefined,
): UserInfo {
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
  const identity = identities.find((i) => i.token === token)
  const user: UserInfo | undefined = identity
    ? { name: identity.user, groups: identity.groups }
    : token
      ? serviceAccounts.authenticate(token)
      : undefined
  if (!user) throw unauthorized()
  return { ...user, groups: [...user.groups, 'system:authenticated'] }
}
