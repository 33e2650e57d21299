import 'server-only'
import type { Actor } from '@/lib/schemas'
import type { Impersonation } from '@/server/sources/kube-client'

/**
 * Who a request acts for: Meshpane itself (no sign-in: its own kubeconfig and AWS identity) or a
 * signed-in person, whom every request to a cluster impersonates.
 */
export type Identity =
  { kind: 'meshpane' } | { kind: 'person'; user: string; groups: readonly string[] }

export type Person = Extract<Identity, { kind: 'person' }>

export const MESHPANE: Identity = { kind: 'meshpane' }

/** Without sign-in, records name Meshpane's own identity as `local`. */
export const LOCAL_ACTOR: Actor = { user: 'local', groups: [] }

export const actorOf = (identity: Identity): Actor =>
  identity.kind === 'meshpane' ? LOCAL_ACTOR : { user: identity.user, groups: [...identity.groups] }

/** One key per person and set of groups: what is read for one is never served to another. */
export const identityKey = (person: Person): string =>
  JSON.stringify([person.user, [...person.groups].sort()])

export const impersonationOf = (person: Person): Impersonation => ({
  user: person.user,
  groups: person.groups,
})
