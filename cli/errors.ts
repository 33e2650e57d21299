import { ApiError, conflictCurrent, errorFields, ownedBy } from '../lib/api-client'
import { weights } from './output'

/** Exit codes: kubectl's 0 and 1, plus the two answers a script acts on differently. */
export const EXIT = {
  ok: 0,
  /** Meshpane refused or failed (not found, invalid, unreachable source, ...), or did not answer. */
  error: 1,
  /** The command line or the file given is wrong; nothing was sent. */
  usage: 2,
  /** 409 conflict: the split changed since the revision sent; read it again and decide. */
  conflict: 3,
  /** 409 owned: a GitOps tool or rollout controller manages the object; --force writes anyway. */
  owned: 4,
} as const

/** A wrong command line or input file: exit 2 with the message. */
export class UsageError extends Error {}

/** What to print and which code to exit with, for anything a command threw. */
export function failure(error: unknown): { code: number; message: string } {
  if (error instanceof UsageError) return { code: EXIT.usage, message: error.message }
  if (!(error instanceof ApiError))
    return { code: EXIT.error, message: (error as Error)?.message ?? String(error) }
  const current = conflictCurrent(error)
  if (current)
    return {
      code: EXIT.conflict,
      message: `conflict: the split changed since the revision sent; it is now ${weights(current.backends)} at revision ${current.revision}. Read it again and re-apply if still wanted.`,
    }
  const owner = ownedBy(error)
  if (owner)
    return {
      code: EXIT.owned,
      message: `owned: ${owner.detail} (${owner.manager}) manages this routing object and may revert the change; pass --force to write anyway.`,
    }
  const fields = errorFields(error)
    .map((f) => `\n  ${f.field}: ${f.message}`)
    .join('')
  const status = error.status ? ` (HTTP ${error.status})` : ''
  return { code: EXIT.error, message: `${error.code}${status}: ${error.message}${fields}` }
}
