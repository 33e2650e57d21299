import 'server-only'
import type { SplitUpdate, TrafficSplit } from '@/lib/schemas'
import { UnprocessableError, ValidationError } from '@/server/errors'

/** Every match must pin requests to a backend the service has. */
export function checkMatchBackends(desired: SplitUpdate, current: TrafficSplit): void {
  const known = current.backends.map((b) => b.name)
  const fields = (desired.matches ?? []).flatMap((m, i) =>
    known.includes(m.backend)
      ? []
      : [
          {
            field: `matches.${i}.backend`,
            message: `unknown backend "${m.backend}" (the service has ${known.join(', ')})`,
          },
        ],
  )
  if (fields.length > 0) throw new ValidationError(fields)
}

/**
 * For meshes (or API versions) that cannot express matches: a request carrying different matches
 * than the ones read is refused as 422 `unprocessable`, saying why; echoing back what was read is fine.
 */
export function refuseMatches(desired: SplitUpdate, current: TrafficSplit, reason: string): void {
  if (desired.matches === undefined) return
  if (JSON.stringify(desired.matches) === JSON.stringify(current.matches ?? [])) return
  throw new UnprocessableError(`header and cookie matches cannot be written here: ${reason}`)
}
