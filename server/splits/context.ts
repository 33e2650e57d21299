import 'server-only'
import type { Actor, ChangeRecord } from '@/lib/schemas'

/** Who asks for a write, through which client, under which request id: what every record names. */
export type WriteContext = {
  actor: Actor
  requestId: string
  client: ChangeRecord['client']
  /** The change this write reverts, when it is a revert. */
  reverts?: string
  /** The rollout step this write is, when a rollout writes. */
  rollout?: { id: string; step: number }
}
