import 'server-only'
import { SourceUnavailableError } from '@/server/errors'
import { parseErrorMessage } from '@/server/redact'

/** A Kubernetes `Status` failure (NotFound, Conflict, Invalid, ...) that the caller may handle. */
export class KubeStatusError extends Error {
  constructor(
    readonly code: number,
    readonly reason: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message)
    this.name = 'KubeStatusError'
  }
}

type KubeStatus = {
  kind?: string
  reason?: string
  message?: string
  code?: number
  details?: unknown
}

const CONNECTION_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'connection timed out',
  EPIPE: 'connection closed',
}

/** A failed connection or an aborted request, as the source status it means. */
export function transportError(
  err: unknown,
  signal: AbortSignal,
  context: string,
  timeoutMs: number,
): SourceUnavailableError {
  // The deadline may fire in our signal or in the caller's: both mean "no answer in time".
  if (signal.aborted) {
    const reason: unknown = signal.reason
    if (reason instanceof Error && reason.name === 'TimeoutError')
      return new SourceUnavailableError('timeout', context, `no answer within ${timeoutMs} ms`)
    return new SourceUnavailableError('unreachable', context, 'request aborted')
  }
  const e = err as NodeJS.ErrnoException & { address?: string; port?: number }
  // Credentials a plugin printed may be what failed to parse: never quote them.
  const what = (e.code && CONNECTION_CODES[e.code]) ?? parseErrorMessage(err)
  const where = e.address ? ` ${e.address}${e.port ? `:${e.port}` : ''}` : ''
  return new SourceUnavailableError(
    'unreachable',
    context,
    `${what}${e.code ? ` (${e.code}${where})` : ''}`,
  )
}

/** A non-2xx answer: 401/403 mean the source refuses us; anything else is a typed Status error. */
export function statusError(
  httpStatus: number,
  body: string,
  context: string,
): SourceUnavailableError | KubeStatusError {
  let status: KubeStatus = {}
  try {
    status = JSON.parse(body) as KubeStatus
  } catch {
    // Not a Status (a proxy's HTML page, say): keep the HTTP status and the text.
  }
  const message = status.message || body.slice(0, 200) || `HTTP ${httpStatus}`
  if (httpStatus === 401 || httpStatus === 403)
    return new SourceUnavailableError(
      'forbidden',
      context,
      `${httpStatus} ${status.reason ?? ''} ${message}`.replace(/\s+/g, ' '),
    )
  return new KubeStatusError(
    status.code ?? httpStatus,
    status.reason ?? 'Unknown',
    message,
    status.details,
  )
}
