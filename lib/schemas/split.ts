import { z } from 'zod'
import { Owner } from './owner'
import { ObjectRef } from './problem'

export const Weight = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number of percent' })
  .min(0, { error: 'must be at least 0' })
  .max(100, { error: 'must be at most 100' })

export const SplitBackend = z.object({ name: z.string().min(1), weight: Weight })
export type SplitBackend = z.infer<typeof SplitBackend>

/** One header condition of a match; `regex` is RE2 syntax, as every mesh here evaluates it. */
export const HeaderMatch = z.object({
  name: z.string().min(1),
  value: z.string(),
  type: z.enum(['exact', 'regex']).default('exact'),
})
export type HeaderMatch = z.infer<typeof HeaderMatch>

/**
 * Requests matching every condition (headers and the cookie) go to `backend` only, ahead of the
 * weighted split (the "internal users first" step of a canary).
 */
export const SplitMatch = z.object({
  backend: z.string().min(1),
  headers: z.array(HeaderMatch).optional(),
  cookie: z.object({ name: z.string().min(1), value: z.string() }).optional(),
})
export type SplitMatch = z.infer<typeof SplitMatch>

/**
 * A version that could take traffic but that the route does not name yet (a DestinationRule subset,
 * a Service of the same app, a Consul resolver subset, an App Mesh virtual node): weight 0 until a
 * write gives it some, which adds it to the route. `reason` says why it cannot be given weight.
 */
export const CandidateBackend = z.object({
  name: z.string().min(1),
  weight: z.literal(0),
  readyReplicas: z.number().int().nonnegative().optional(),
  replicas: z.number().int().nonnegative().optional(),
  reason: z.string().optional(),
})
export type CandidateBackend = z.infer<typeof CandidateBackend>

/** A split as read: integer percents summing to 100 and the revision it was read at. */
export const TrafficSplit = z.object({
  backends: z.array(SplitBackend),
  /** Versions the route does not name that a write may give weight (absent: none known). */
  candidates: z.array(CandidateBackend).optional(),
  /** Present when the mesh can express matches (possibly empty); absent when it cannot. */
  matches: z.array(SplitMatch).optional(),
  revision: z.string(),
  /** Who else writes the object this split lives in (absent: nobody Meshpane knows of). */
  owner: Owner.optional(),
})
export type TrafficSplit = z.infer<typeof TrafficSplit>

/**
 * Caps on what a split update may carry: far above any real service, low enough that checking a
 * body costs little. Names: App Mesh allows 255 characters, Kubernetes 253.
 */
export const SPLIT_LIMITS = {
  backends: 64,
  matches: 32,
  headersPerMatch: 16,
  nameLength: 255,
  valueLength: 4096,
  revisionLength: 128,
} as const

const atMost = (max: number, what: string) => ({ error: `must hold at most ${max} ${what}` })
const CappedName = z
  .string()
  .min(1)
  .max(SPLIT_LIMITS.nameLength, atMost(SPLIT_LIMITS.nameLength, 'characters'))
const CappedValue = z
  .string()
  .max(SPLIT_LIMITS.valueLength, atMost(SPLIT_LIMITS.valueLength, 'characters'))

// The read shapes stay uncapped (a split as a mesh holds it is shown whatever its size); writes are capped.
const CappedMatch = SplitMatch.extend({
  backend: CappedName,
  headers: z
    .array(HeaderMatch.extend({ name: CappedName, value: CappedValue }))
    .max(SPLIT_LIMITS.headersPerMatch, atMost(SPLIT_LIMITS.headersPerMatch, 'header conditions'))
    .optional(),
  cookie: z.object({ name: CappedName, value: CappedValue }).optional(),
})

/**
 * The body of PUT .../split and POST .../split/preview: the revision shown to the operator is the
 * precondition. `backends` names every backend of the route (but those in `remove`) and may name
 * candidates: a candidate given weight joins the route, one left at 0 stays a candidate.
 */
export const SplitUpdate = z
  .object({
    backends: z
      .array(SplitBackend.extend({ name: CappedName }))
      .min(1, { error: 'must name at least one backend' })
      .max(SPLIT_LIMITS.backends, atMost(SPLIT_LIMITS.backends, 'backends')),
    revision: z
      .string({ error: 'is required: send the revision you read' })
      .min(1, { error: 'is required: send the revision you read' })
      .max(SPLIT_LIMITS.revisionLength, atMost(SPLIT_LIMITS.revisionLength, 'characters')),
    /** Omitted: the matches stay as they are. Given: they replace the service's matches. */
    matches: z
      .array(CappedMatch)
      .max(SPLIT_LIMITS.matches, atMost(SPLIT_LIMITS.matches, 'matches'))
      .optional(),
    /** Backends of the route to take out of it; each must be left at weight 0 (or not named). */
    remove: z
      .array(CappedName)
      .max(SPLIT_LIMITS.backends, atMost(SPLIT_LIMITS.backends, 'backends'))
      .optional(),
    /** Write even though the object has an owner that may revert it (the operator confirmed). */
    force: z.boolean({ error: 'must be true or false' }).optional(),
    /** Why, for the record ("rolling back v3: 5xx spike"). */
    comment: z.string().max(500, { error: 'must be at most 500 characters' }).optional(),
  })
  .strict()
  .superRefine((split, ctx) => {
    const seen = new Set<string>()
    split.backends.forEach((b, i) => {
      if (seen.has(b.name))
        ctx.addIssue({
          code: 'custom',
          path: ['backends', i, 'name'],
          message: `duplicate backend "${b.name}"`,
        })
      seen.add(b.name)
    })
    split.remove?.forEach((name, i) => {
      if (split.remove!.indexOf(name) !== i)
        ctx.addIssue({
          code: 'custom',
          path: ['remove', i],
          message: `duplicate backend "${name}"`,
        })
      const weight = split.backends.find((b) => b.name === name)?.weight ?? 0
      if (weight > 0)
        ctx.addIssue({
          code: 'custom',
          path: ['remove', i],
          message: `"${name}" is given ${weight}%: only a backend at 0 can be taken out`,
        })
    })
    // Whether a match's backend exists is the adapter's check (checkMatchBackends), beside the names.
    split.matches?.forEach((m, i) => {
      if (!m.headers?.length && !m.cookie)
        ctx.addIssue({
          code: 'custom',
          path: ['matches', i],
          message: 'needs at least one header or a cookie',
        })
    })
    const sum = split.backends.reduce((s, b) => s + b.weight, 0)
    if (split.backends.every((b) => Number.isInteger(b.weight)) && sum !== 100)
      ctx.addIssue({
        code: 'custom',
        path: ['backends'],
        message: `weights must sum to 100, got ${sum}`,
      })
  })
export type SplitUpdate = z.infer<typeof SplitUpdate>

/**
 * The answer of a PUT: the split as it is now, whether anything was written (`no-op`: the split
 * was already there), and warnings the operator must see (e.g. someone else's write overwritten).
 */
export const SplitWriteResult = TrafficSplit.extend({
  outcome: z.enum(['applied', 'no-op']),
  warnings: z.array(z.string()).optional(),
})
export type SplitWriteResult = z.infer<typeof SplitWriteResult>

/** The native object before and after a split change, as YAML, with nothing written. */
export const SplitPreview = z.object({
  object: ObjectRef,
  before: z.string(),
  after: z.string(),
})
export type SplitPreview = z.infer<typeof SplitPreview>
