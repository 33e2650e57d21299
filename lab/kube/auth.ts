// Bearer-token authentication: each token the lab knows stands for a user and their groups.
import type { UserInfo } from './rbac/evaluate'
import { unauthorized } from './status'

export interface Identity {
  user: string
  token: string
  groups: string[]
}

/** The token's user, who like every authenticated user is also in `system:authenticated`. */
export function authenticate(identities: Identity[], header: string | undefined): UserInfo {
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim()
  const identity = identities.find((i) => i.token === token)
  if (!identity) throw unauthorized()
  return { name: identity.user, groups: [...identity.groups, 'system:authenticated'] }
}
