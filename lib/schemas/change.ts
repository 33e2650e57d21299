import { z } from 'zod'
import { SplitBackend, SplitMatch, SplitPreview } from './split'

/** Who asked for a change: the signed-in user and groups (without sign-in, Meshpane's own identity). */
export const Actor = z.object({ user: z.string(), groups: z.array(z.string()) })
export type Actor = z.infer<typeof Actor>

/** `pending`: recorded before the write was sent, with no outcome yet (or the process stopped). */
export const ChangeOutcome = z.enum([
  'pending',
  'applied',
  'no-op',
  'conflict',
  'refused',
  'failed',
])
export type ChangeOutcome = z.infer<typeof ChangeOutcome>

/** A split as a record keeps it: percents, matches where the mesh has them, and the revision. */
const RecordedSplit = z.object({
  backends: z.array(SplitBackend),
  matches: z.array(SplitMatch).optional(),
  revision: z.string(),
})

/**
 * One attempt to change a split, whatever became of it: written by the write pipeline for every
 * PUT, so "who changed what, when" has one answer.
 */
export const ChangeRecord = z.object({
  id: z.string(),
  time: z.string(),
  actor: Actor,
  /** The Kubernetes or AWS identity the write was sent with. */
  identity: z.string().optional(),
  requestId: z.string(),
  client: z.object({ kind: z.enum(['ui', 'api']), userAgent: z.string().optional() }),
  serviceId: z.string(),
  source: z.string(),
  meshKind: z.string(),
  namespace: z.string(),
  service: z.string(),
  /** The native object written (or that would have been), once it was read. */
  object: SplitPreview.shape.object.optional(),
  before: RecordedSplit.optional(),
  requested: RecordedSplit,
  after: RecordedSplit.optional(),
  outcome: ChangeOutcome,
  /** Why a refusal or failure: owned, view-only, forbidden, invalid, unprocessable, not-found, unreachable, timeout, error. */
  reason: z.string().optional(),
  message: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  comment: z.string().optional(),
  forced: z.boolean().optional(),
  /** The record this change reverts, when it is a revert. */
  reverts: z.string().optional(),
  /** The rollout and step that wrote it (its actor is the person who started the rollout). */
  rollout: z.object({ id: z.string(), step: z.number().int() }).optional(),
})
export type ChangeRecord = z.infer<typeof ChangeRecord>

export const ChangeList = z.object({
  items: z.array(ChangeRecord),
  /** Pass as `cursor` for the next (older) page; absent on the last page. */
  nextCursor: z.string().optional(),
})
export type ChangeList = z.infer<typeof ChangeList>

const Instant = z.iso.datetime({ offset: true, error: 'must be an RFC 3339 time' })

/** The filters of `GET /api/v1/changes`, newest first. */
export const ChangeQuery = z
  .object({
    service: z.string().max(512).optional(),
    source: z.string().max(253).optional(),
    mesh: z.string().max(64).optional(),
    actor: z.string().max(253).optional(),
    outcome: ChangeOutcome.optional(),
    /** The reverts of one change (its id). */
    reverts: z.string().max(64).optional(),
    /** The writes of one rollout (its id). */
    rollout: z.string().max(64).optional(),
    since: Instant.optional(),
    until: Instant.optional(),
    cursor: z.string().max(512).optional(),
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(500, { error: 'must be at most 500' })
      .default(50),
    format: z.enum(['json', 'ndjson']).default('json'),
  })
  .strict()
export type ChangeQuery = z.infer<typeof ChangeQuery>

/** The body of `POST /api/v1/changes/{id}/revert`. */
export const RevertRequest = z
  .object({
    comment: z.string().max(500, { error: 'must be at most 500 characters' }).optional(),
    force: z.boolean({ error: 'must be true or false' }).optional(),
  })
  .strict()
export type RevertRequest = z.infer<typeof RevertRequest>
