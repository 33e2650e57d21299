import 'server-only'
import type { FieldIssue, SplitUpdate, TrafficSplit } from '@/lib/schemas'
import { ValidationError } from '@/server/errors'

/** The request must name each backend of the service exactly once (order free). */
export function checkBackendNames(desired: SplitUpdate, current: TrafficSplit): void {
  const known = current.backends.map((b) => b.name)
  const fields: FieldIssue[] = []
  desired.backends.forEach((b, i) => {
    if (!known.includes(b.name))
      fields.push({
        field: `backends.${i}.name`,
        message: `unknown backend "${b.name}" (the service has ${known.join(', ')})`,
      })
  })
  const named = new Set(desired.backends.map((b) => b.name))
  for (const name of known)
    if (!named.has(name))
      fields.push({
        field: 'backends',
        message: `backend "${name}" is missing: name every backend`,
      })
  if (fields.length > 0) throw new ValidationError(fields)
}

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
