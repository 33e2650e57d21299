import 'server-only'
import { ZodError } from 'zod'
import type { ChangeOutcome } from '@/lib/schemas'
import {
  ConflictError,
  NotFoundError,
  OwnedError,
  SourceUnavailableError,
  UnprocessableError,
  ValidationError,
  ViewOnlyError,
} from '@/server/errors'

/** How a failed write attempt is recorded: conflict, refused (and why), or failed (and why). */
export function outcomeOf(err: unknown): { outcome: ChangeOutcome; reason?: string } {
  if (err instanceof ConflictError) return { outcome: 'conflict' }
  if (err instanceof ViewOnlyError) return { outcome: 'refused', reason: 'view-only' }
  if (err instanceof OwnedError) return { outcome: 'refused', reason: 'owned' }
  if (err instanceof ValidationError || err instanceof ZodError)
    return { outcome: 'refused', reason: 'invalid' }
  if (err instanceof UnprocessableError) return { outcome: 'refused', reason: 'unprocessable' }
  if (err instanceof NotFoundError) return { outcome: 'failed', reason: 'not-found' }
  if (err instanceof SourceUnavailableError)
    return err.status === 'forbidden'
      ? { outcome: 'refused', reason: 'forbidden' }
      : { outcome: 'failed', reason: err.status }
  return { outcome: 'failed', reason: 'error' }
}
