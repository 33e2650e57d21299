import { z } from 'zod'

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
 * details.current is the split now; for `owned`, details.owner says who else writes the object.
 */
export const ApiErrorBody = z.object({
  error: z.object({ code: ErrorCode, message: z.string(), details: z.unknown().optional() }),
})
export type ApiErrorBody = z.infer<typeof ApiErrorBody>

export const FieldIssue = z.object({ field: z.string(), message: z.string() })
export type FieldIssue = z.infer<typeof FieldIssue>
