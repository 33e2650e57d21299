import 'server-only'
import { SplitUpdate, type FieldIssue, type TrafficSplit } from '@/lib/schemas'
import { ValidationError } from '@/server/errors'

/** zod issues as `{ field: "backends.1.weight", message }`, the shape of a 400 `invalid`. */
export function fieldIssues(
  issues: readonly {
    path: readonly PropertyKey[]
    message: string
    code?: string
    keys?: readonly string[]
  }[],
): FieldIssue[] {
  const join = (path: readonly PropertyKey[]) => path.map(String).join('.')
  return issues.flatMap((i) =>
    // An unknown key is reported on the object holding it; name the key itself.
    i.code === 'unrecognized_keys' && i.keys
      ? i.keys.map((k) => ({ field: join([...i.path, k]), message: 'is not a known field' }))
      : [{ field: join(i.path), message: i.message }],
  )
}

/** A requested split, checked against the SplitUpdate rules before any adapter sends a request. */
export function parseDesired(desired: unknown): SplitUpdate {
  const parsed = SplitUpdate.safeParse(desired)
  if (!parsed.success) throw new ValidationError(fieldIssues(parsed.error.issues))
  return parsed.data
}

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
