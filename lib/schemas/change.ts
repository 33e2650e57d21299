import { z } from 'zod'
import { SplitBackend, SplitMatch, SplitPreview } from './split'

/** Who asked for a change: the signed-in user and groups (without sign-in, Meshpane's own identity). */
export const Actor = z.object({ user: z.string(), groups: z.array(z.string()) })
export type Actor = z.infer<typeof Actor>

export const ChangeOutcome = z.enum(['applied', 'no-op', 'conflict', 'refused', 'failed'])
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
  /** Why a refusal or failure: owned, forbidden, invalid, unprocessable, not-found, unreachable, timeout, error. */
  reason: z.string().optional(),
  message: z.string().optional(),
  warnings: z.array(z.string()).optional(),
  comment: z.string().optional(),
  forced: z.boolean().optional(),
})
export type ChangeRecord = z.infer<typeof ChangeRecord>
