import 'server-only'
import type { Actor } from '@/lib/schemas'

/** Without sign-in, Meshpane acts with its own kubeconfig and AWS identity. */
export const LOCAL_ACTOR: Actor = { user: 'local', groups: [] }

/** Who a request acts as: the one place sign-in puts the signed-in user and groups. */
export function actorOf(_request: Request): Actor {
  return LOCAL_ACTOR
}
