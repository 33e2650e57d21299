import 'server-only'
import type { ChangeRecord } from '@/lib/schemas'
import type { Identity } from '@/server/identity/identity'

/** Who asks for a write, through which client, under which request id: what every record names. */
export type WriteContext = {
  /** Whom the clusters are asked as: a signed-in person is impersonated, and named in the record. */
  identity: Identity
  requestId: string
  client: ChangeRecord['client']
  /** The change this write reverts, when it is a revert. */
  reverts?: string
  /** The rollout step this write is, when a rollout writes. */
  rollout?: { id: string; step: number }
}
