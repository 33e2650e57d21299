import 'server-only'
import type { Rollout } from '@/lib/schemas'
import { getAuth } from '@/server/identity'
import { MESHPANE, type Identity } from '@/server/identity/identity'
import type { WriteContext } from '@/server/splits'

/**
 * Whom a rollout asks the clusters as: the person who started it, impersonated at every step as
 * at the first (so a rollout can do nothing they could not), or Meshpane itself without sign-in.
 */
export function rolloutIdentity(rollout: Rollout, { auth } = getAuth()): Identity {
  if (auth.strategy === 'none') return MESHPANE
  const { user, groups } = rollout.startedBy
  return { kind: 'person', user, groups }
}

/** Who a rollout's write is (the record names the rollout and step): the one place it is built. */
export const rolloutContext = (rollout: Rollout, step: number): WriteContext => ({
  identity: rolloutIdentity(rollout),
  requestId: `rollout-${rollout.id}-${step}`,
  client: { kind: 'api', userAgent: 'meshpane-rollout' },
  rollout: { id: rollout.id, step },
})
