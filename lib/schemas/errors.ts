import { z } from 'zod'
import { Owner } from './owner'
import { TrafficSplit } from './split'

export const ErrorCode = z.enum([
  'invalid',
  'unsupported_media_type',
  'payload_too_large',
  'unauthorized',
  'forbidden',
  'not_found',
  'conflict',
  'owned',
  'unprocessable',
  'unreachable',
  'timeout',
  'unavailable',
  'internal',
])
export type ErrorCode = z.infer<typeof ErrorCode>

/**
 * Every non-2xx answer of /api/v1. For `invalid`, details.fields names each bad field (and an
 * `unprocessable` refusal of one field, such as `matches`, names it too); for `conflict`,
 * details.current is the split now (or, for a rollout action, the rollout's id and state); for `owned`, details.owner says who else writes the object.
 */
export const ApiErrorBody = z.object({
  error: z.object({ code: ErrorCode, message: z.string(), details: z.unknown().optional() }),
})
export type ApiErrorBody = z.infer<typeof ApiErrorBody>

export const FieldIssue = z.object({ field: z.string(), message: z.string() })
export type FieldIssue = z.infer<typeof FieldIssue>

/** The status each error code answers with (server/http/errors.ts maps thrown errors onto these). */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  invalid: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  owned: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  internal: 500,
  unreachable: 502,
  unavailable: 503,
  timeout: 504,
}

/** A source that failed: which one and how, or what a Kubernetes API server answered. */
const SourceFailure = z.looseObject({
  source: z.string().optional(),
  status: z.enum(['unreachable', 'timeout', 'forbidden']).optional(),
  reason: z.string().optional(),
  sourceCode: z.number().int().optional(),
})

/**
 * What `details` carries for each code (absent: none). Objects stay open where a future error may
 * add a key; the fields clients act on (`fields`, `current`, `owner`) are exact.
 */
export const ERROR_DETAILS = {
  invalid: z.object({ fields: z.array(FieldIssue) }),
  forbidden: SourceFailure.extend({ viewOnly: z.literal(true).optional() }),
  not_found: SourceFailure,
  // A split changed since the revision sent, or a rollout not in a state that allows the action.
  conflict: z.union([
    z.object({ current: TrafficSplit }),
    z.object({ rolloutId: z.string(), state: z.string() }),
  ]),
  owned: z.object({ owner: Owner }),
  unprocessable: SourceFailure.extend({ fields: z.array(FieldIssue).optional() }),
  unreachable: SourceFailure,
  timeout: SourceFailure,
} satisfies Partial<Record<ErrorCode, z.ZodType>>
