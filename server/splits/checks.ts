import 'server-only'
import type { FieldIssue, SplitUpdate, TrafficSplit } from '@/lib/schemas'
import { movableCandidates } from '@/server/adapters/membership'
import { ValidationError } from '@/server/errors'

const listed = (names: string[]) => (names.length > 0 ? names.join(', ') : 'none')

/**
 * The request names each backend of the route exactly once (order free), except those it takes out
 * (`remove`), and may name candidates of the service; nothing else.
 */
export function checkBackendNames(desired: SplitUpdate, current: TrafficSplit): void {
  const known = current.backends.map((b) => b.name)
  const candidates = movableCandidates(current)
  const fields: FieldIssue[] = []
  const unknown = (name: string) =>
    `unknown backend "${name}" (the service has ${listed(known)}; candidates: ${listed(candidates)})`
  desired.backends.forEach((b, i) => {
    if (!known.includes(b.name) && !candidates.includes(b.name))
      fields.push({ field: `backends.${i}.name`, message: unknown(b.name) })
  })
  desired.remove?.forEach((name, i) => {
    if (!known.includes(name))
      fields.push({
        field: `remove.${i}`,
        message: `"${name}" is not in the route (${listed(known)})`,
      })
  })
  const named = new Set([...desired.backends.map((b) => b.name), ...(desired.remove ?? [])])
  for (const name of known)
    if (!named.has(name))
      fields.push({
        field: 'backends',
        message: `backend "${name}" is missing: name every backend (or remove it at 0)`,
      })
  if (fields.length > 0) throw new ValidationError(fields)
}

/** Every match must pin requests to a backend the route has after the write. */
export function checkMatchBackends(desired: SplitUpdate, current: TrafficSplit): void {
  const removed = new Set(desired.remove ?? [])
  const joining = desired.backends.filter((b) => b.weight > 0).map((b) => b.name)
  const known = [
    ...new Set([...current.backends.map((b) => b.name).filter((n) => !removed.has(n)), ...joining]),
  ]
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
