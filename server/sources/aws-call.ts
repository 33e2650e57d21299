import 'server-only'
import {
  AppMeshServiceException,
  ListMeshesCommand,
  type AppMeshClient,
} from '@aws-sdk/client-app-mesh'
import { NotFoundError, SourceUnavailableError, UnprocessableError } from '@/server/errors'
import { timedSourceCall } from '@/server/telemetry/source-calls'
import type { AwsSource } from './aws'
import { Limiter } from './aws-limit'

const limiters = new WeakMap<AwsSource, Limiter>()
const limiterOf = (source: AwsSource) => {
  let limiter = limiters.get(source)
  if (!limiter) limiters.set(source, (limiter = new Limiter(source.maxConcurrency)))
  return limiter
}

/** What AWS answers when it does not accept who we are (or could not find out who we are). */
const REFUSED = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'InvalidClientTokenId',
  'SignatureDoesNotMatch',
  'AccessDenied',
  'AccessDeniedException',
  'ExpiredToken',
  'ExpiredTokenException',
  'MissingAuthenticationTokenException',
  'CredentialsProviderError',
])

/**
 * Sends one App Mesh command under the source's concurrency bound and the caller's deadline, and
 * turns whatever goes wrong into a domain error naming the source (the SDK already retried
 * throttling and 5xx with backoff). Timed as the caller waits, the queue for the bound included.
 */
export async function awsCall<T>(
  source: AwsSource,
  signal: AbortSignal,
  op: (client: AppMeshClient, options: { abortSignal: AbortSignal }) => Promise<T>,
): Promise<T> {
  return timedSourceCall(source.ref.name, 'aws', async () => {
    try {
      return await limiterOf(source).run(() => {
        signal.throwIfAborted()
        return op(source.appmesh, { abortSignal: signal })
      })
    } catch (err) {
      throw asDomainError(err, source.ref.name, signal)
    }
  })
}

export function asDomainError(err: unknown, source: string, signal: AbortSignal): Error {
  if (signal.aborted) {
    const reason: unknown = signal.reason
    const timedOut = reason instanceof Error && reason.name === 'TimeoutError'
    return new SourceUnavailableError(
      timedOut ? 'timeout' : 'unreachable',
      source,
      timedOut ? 'no answer in time' : 'request aborted',
    )
  }
  const e = err as Error & { code?: string; $metadata?: { httpStatusCode?: number } }
  const status = e.$metadata?.httpStatusCode
  // Node quotes a failed credential_process's command line and stderr, where secrets may sit.
  const message = e.message?.startsWith('Command failed:')
    ? "the profile's credential_process failed"
    : e.message
  if (REFUSED.has(e.name) || (e.name === 'ForbiddenException' && status === 403))
    return new SourceUnavailableError('forbidden', source, `${e.name}: ${message}`)
  if (e.name === 'NotFoundException') return new NotFoundError(`${source}: ${message}`)
  if (e.name === 'BadRequestException' || e.name === 'ConflictException')
    return new UnprocessableError(`${source}: ${message}`)
  if (
    e.name === 'TooManyRequestsException' ||
    e.name === 'Throttling' ||
    e.name === 'ThrottlingException'
  )
    return new SourceUnavailableError(
      'unreachable',
      source,
      `throttled by AWS, still after retries (${e.name}: ${message})`,
    )
  if (err instanceof AppMeshServiceException || status)
    return new SourceUnavailableError(
      'unreachable',
      source,
      `${e.name}${status ? ` (HTTP ${status})` : ''}: ${message}`,
    )
  const what = e.code ? `${e.code}: ${message}` : (message ?? String(err))
  return new SourceUnavailableError('unreachable', source, what)
}

/** The cheapest question that proves the credentials work in the region. */
export const probeAws = (source: AwsSource, signal: AbortSignal) =>
  awsCall(source, signal, (c, o) => c.send(new ListMeshesCommand({ limit: 1 }), o))
