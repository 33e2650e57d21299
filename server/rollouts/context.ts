import 'server-only'
import type { Rollout } from '@/lib/schemas'
import type { WriteContext } from '@/server/splits'

/**
 * Who a rollout's write is: the person who started it, through the rollout (the record names the
 * rollout and step). The one place rollouts build a WriteContext.
 */
export const rolloutContext = (rollout: Rollout, step: number): WriteContext => ({
  actor: rollout.startedBy,
  requestId: `rollout-${rollout.id}-${step}`,
  client: { kind: 'api', userAgent: 'meshpane-rollout' },
  rollout: { id: rollout.id, step },
})
