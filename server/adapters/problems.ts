import 'server-only'
import type { z } from 'zod'
import type { ObjectRef, Problem } from '@/lib/schemas'

/** An object that does not fit its kind's schema: why, and the object as read, to tell what it concerns. */
export type Rejected = { raw: unknown; problem: Problem }

/** The objects of one kind that fit its schema, and the others. */
export type Sorted<T> = { objects: T[]; rejected: Rejected[] }

const article = (word: string) => `${/^[aeiou]/.test(word) ? 'an' : 'a'} ${word}`

const kindOf = (value: unknown) =>
  value === null ? 'null' : article(Array.isArray(value) ? 'array' : typeof value)

/** Wording an operator reads beside the field path: "is required", "must be a number, not a string". */
const wording: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type')
    return issue.input === undefined
      ? 'is required'
      : `must be ${article(issue.expected)}, not ${kindOf(issue.input)}`
  if (issue.code === 'too_small')
    return issue.origin === 'array'
      ? `must hold at least ${issue.minimum} item${issue.minimum === 1 ? '' : 's'}`
      : `must be at least ${issue.minimum}`
  if (issue.code === 'too_big')
    return issue.origin === 'array'
      ? `must hold at most ${issue.maximum} items`
      : `must be at most ${issue.maximum}`
  return undefined
}

/** Every issue as `field.path: why`, the field path from the object's root. */
export const describeIssues = (issues: readonly z.core.$ZodIssue[]) =>
  issues.map((i) => `${i.path.map(String).join('.') || '(the object)'}: ${i.message}`).join('; ')

/** Whether `value` fits `schema`: null when it does, else why not. */
export function misfit(schema: z.ZodType, value: unknown): string | null {
  const parsed = schema.safeParse(value, { error: wording })
  return parsed.success ? null : describeIssues(parsed.error.issues)
}

/**
 * Sorts objects read from a source into those that fit `schema` (parsed: unknown fields kept, as
 * the schemas are loose) and those that do not, each with a problem naming it (`refOf`, which
 * must cope with any shape) and the fields at fault.
 */
export function sortOut<T>(
  schema: z.ZodType<T>,
  raws: readonly unknown[],
  refOf: (raw: unknown) => ObjectRef,
): Sorted<T> {
  const sorted: Sorted<T> = { objects: [], rejected: [] }
  for (const raw of raws) {
    const parsed = schema.safeParse(raw, { error: wording })
    if (parsed.success) sorted.objects.push(parsed.data)
    else
      sorted.rejected.push({
        raw,
        problem: { object: refOf(raw), message: describeIssues(parsed.error.issues) },
      })
  }
  return sorted
}

/**
 * The problems of rejected objects by what they concern (a service, a host: `concerns` reads them
 * off the raw object), built once per listing: `of(keys)` gives the problems of objects concerning
 * any of `keys`, each once, in the order the objects were listed.
 */
export function problemsByConcern(
  rejected: readonly Rejected[],
  concerns: (raw: unknown) => readonly string[],
): { of(keys: Iterable<string>): Problem[] } {
  const positions = new Map<string, number[]>()
  rejected.forEach(({ raw }, i) => {
    for (const key of concerns(raw)) {
      const at = positions.get(key)
      if (!at) positions.set(key, [i])
      else if (at.at(-1) !== i) at.push(i)
    }
  })
  return {
    of(keys) {
      const found = new Set<number>()
      for (const key of keys) for (const i of positions.get(key) ?? []) found.add(i)
      return [...found].sort((a, b) => a - b).map((i) => rejected[i]!.problem)
    },
  }
}
