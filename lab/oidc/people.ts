// The scenario's people as OpenID Connect accounts: an opaque subject, and the claims per scope.
import { createHash } from 'node:crypto'
import type { Person } from '../scenario'

/** The claims each scope releases, as Dex and Keycloak release them (groups with scope `groups`). */
export const SCOPE_CLAIMS = {
  openid: ['sub'],
  profile: ['name', 'preferred_username'],
  email: ['email', 'email_verified'],
  groups: ['groups'],
}

export const SCOPES = Object.keys(SCOPE_CLAIMS)

/** Stable and opaque, as most providers' subjects are: clients must read the name from a claim. */
export const subjectOf = (p: Person) =>
  createHash('sha256').update(`meshpane-lab:${p.name}`).digest('base64url').slice(0, 22)

export function claimsOf(p: Person) {
  return {
    sub: subjectOf(p),
    name: p.fullName ?? p.name,
    preferred_username: p.name,
    ...(p.email ? { email: p.email, email_verified: true } : {}),
    groups: p.groups,
  }
}
