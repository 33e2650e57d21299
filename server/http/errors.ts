import 'server-only'
import type { ApiErrorBody, ErrorCode, FieldIssue } from '@/lib/schemas'
import { ConfigError } from '@/server/config/config'
import {
  ConflictError,
  NotFoundError,
  OwnedError,
  RolloutStateError,
  PayloadTooLargeError,
  SourceUnavailableError,
  StorageUnavailableError,
  UnavailableError,
  UnauthorizedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
  ViewOnlyError,
} from '@/server/errors'
import { KubeStatusError } from '@/server/sources/kube-errors'
import { ZodError } from 'zod'

/** zod issues as `{ field: "backends.1.weight", message }`, the shape of a 400 `invalid`. */
function fieldIssues(
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

type Mapped = { status: number; code: ErrorCode; details?: unknown }

const UNAVAILABLE: Record<SourceUnavailableError['status'], Mapped> = {
  unreachable: { status: 502, code: 'unreachable' },
  timeout: { status: 504, code: 'timeout' },
  forbidden: { status: 403, code: 'forbidden' },
}

/** The one mapping from a thrown error to an HTTP status and error code. */
function map(err: unknown): Mapped {
  if (err instanceof ValidationError)
    return { status: 400, code: 'invalid', details: { fields: err.fields } }
  if (err instanceof UnsupportedMediaTypeError)
    return { status: 415, code: 'unsupported_media_type' }
  if (err instanceof PayloadTooLargeError) return { status: 413, code: 'payload_too_large' }
  if (err instanceof UnauthorizedError) return { status: 401, code: 'unauthorized' }
  if (err instanceof NotFoundError) return { status: 404, code: 'not_found' }
  if (err instanceof ConflictError)
    return { status: 409, code: 'conflict', details: { current: err.current } }
  if (err instanceof RolloutStateError)
    return { status: 409, code: 'conflict', details: err.details }
  if (err instanceof OwnedError)
    return { status: 409, code: 'owned', details: { owner: err.owner } }
  if (err instanceof UnprocessableError)
    return { status: 422, code: 'unprocessable', details: err.details }
  if (err instanceof ViewOnlyError)
    return { status: 403, code: 'forbidden', details: { viewOnly: true } }
  if (err instanceof StorageUnavailableError || err instanceof UnavailableError)
    return { status: 503, code: 'unavailable' }
  if (err instanceof SourceUnavailableError)
    return { ...UNAVAILABLE[err.status], details: { source: err.source, status: err.status } }
  if (err instanceof KubeStatusError) {
    const details = { reason: err.reason, sourceCode: err.code }
    if (err.code === 404) return { status: 404, code: 'not_found', details }
    // The source failed on its side: a bad gateway from our point of view.
    if (err.code >= 500) return { status: 502, code: 'unreachable', details }
    return { status: 422, code: 'unprocessable', details }
  }
  return { status: 500, code: 'internal' }
}

export function errorResponse(thrown: unknown): Response {
  // A schema parse at the boundary fails like any other validation: the fields, and them as the message.
  const err = thrown instanceof ZodError ? new ValidationError(fieldIssues(thrown.issues)) : thrown
  const { status, code, details } = map(err)
  // Unknown errors are ours: log them; their text may leak internals, except a config error the operator must fix.
  const known = code !== 'internal' || err instanceof ConfigError
  if (!known) console.error(err)
  const message = known && err instanceof Error ? err.message : 'internal error'
  const body: ApiErrorBody = { error: { code, message, ...(details !== undefined && { details }) } }
  return Response.json(body, { status, headers: { 'Cache-Control': 'no-store' } })
}
