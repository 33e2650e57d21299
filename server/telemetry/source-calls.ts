import 'server-only'
import { SourceUnavailableError } from '@/server/errors'
import { telemetry } from './metrics'

export type SourceKind = 'kubernetes' | 'aws'

/**
 * One request to a source, timed into `meshpane_source_request_duration_seconds`; a failure of the
 * source itself (no answer, too late, refused, or a 5xx) counted in `meshpane_source_errors_total`.
 * Answers such as 404 and 409 are the source working: timed, not errors.
 */
export async function timedSourceCall<T>(
  source: string,
  kind: SourceKind,
  call: () => Promise<T>,
): Promise<T> {
  const { sourceDuration, sourceErrors } = telemetry()
  const end = sourceDuration.startTimer({ source, kind })
  try {
    return await call()
  } catch (err) {
    const reason = failureOf(err)
    if (reason) sourceErrors.inc({ source, kind, reason })
    throw err
  } finally {
    end()
  }
}

function failureOf(err: unknown): string | undefined {
  if (err instanceof SourceUnavailableError) return err.status
  const code = (err as { code?: unknown }).code
  return typeof code === 'number' && code >= 500 ? 'server_error' : undefined
}
