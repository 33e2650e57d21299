import 'server-only'
import type { Session } from '@/lib/schemas'
import { loadConfig, type MeshpaneConfig } from '@/server/config/config'
import { actorOf, type Identity } from './identity'

/** What `GET /api/v1/session` answers: who the request acts as, how sign-in works, view-only. */
export function sessionInfo(identity: Identity, config: MeshpaneConfig = loadConfig()): Session {
  const { user, groups } = actorOf(identity)
  return {
    user,
    groups,
    strategy: config.auth.strategy,
    viewOnly: config.viewOnly,
    signInRequired: config.auth.strategy !== 'none',
  }
}
