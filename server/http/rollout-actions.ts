import 'server-only'
import { RolloutAction, RolloutPromote, type Rollout } from '@/lib/schemas'
import { NotFoundError } from '@/server/errors'
import { readOptionalBody } from './body'
import { actorOf } from '@/server/identity/identity'
import { getInventory } from '@/server/inventory'
import { identityFor } from './acting'
import { getRollouts } from '@/server/rollouts'
import { requireWriteAccess } from '@/server/rollouts/access'

const ACTIONS = ['promote', 'pause', 'resume', 'abort'] as const

/** A rollout of this service (404 for another service's, so ids cannot be probed across). */
export async function rolloutOf(serviceId: string, rolloutId: string): Promise<Rollout> {
  const rollout = await (await getRollouts()).get(rolloutId)
  if (rollout.serviceId !== serviceId) throw new NotFoundError(`no rollout has id "${rolloutId}"`)
  return rollout
}

/** POST …/rollouts/{id}/{promote|pause|resume|abort}: the body parsed, the actor from the request. */
export async function rolloutAction(
  request: Request,
  serviceId: string,
  rolloutId: string,
  action: string,
): Promise<Rollout> {
  if (!ACTIONS.includes(action as (typeof ACTIONS)[number]))
    throw new NotFoundError(`no rollout action "${action}" (${ACTIONS.join(', ')})`)
  await rolloutOf(serviceId, rolloutId)
  const engine = await getRollouts()
  const identity = await identityFor(request)
  await requireWriteAccess(getInventory(), identity, serviceId)
  const actor = actorOf(identity)
  if (action === 'promote') {
    const { full } = await readOptionalBody(request, RolloutPromote)
    return engine.promote(actor, rolloutId, full)
  }
  const { comment } = await readOptionalBody(request, RolloutAction)
  if (action === 'pause') return engine.pause(actor, rolloutId, comment)
  if (action === 'resume') return engine.resume(actor, rolloutId, comment)
  return engine.abort(actor, rolloutId, comment)
}
