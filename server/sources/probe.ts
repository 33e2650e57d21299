import 'server-only'
import type { Source } from '@/lib/schemas'
import { SourceUnavailableError } from '@/server/errors'
import { probeAws } from './aws-call'
import type { AnySource } from './source'

/** Asks the source for its version: ok with the round-trip time, or why not. */
export async function probeSource(source: AnySource, signal: AbortSignal): Promise<Source> {
  const started = performance.now()
  const base = { ...source.ref, endpoint: source.endpoint }
  try {
    if (source.kind === 'aws') await probeAws(source, signal)
    else await source.kube.get('/version', signal)
    return { ...base, status: 'ok', latencyMs: elapsed(started) }
  } catch (err) {
    if (err instanceof SourceUnavailableError)
      return { ...base, status: err.status, error: err.message, latencyMs: elapsed(started) }
    // The server answered, just not as expected: it is reachable.
    return { ...base, status: 'ok', error: (err as Error).message, latencyMs: elapsed(started) }
  }
}

const elapsed = (since: number) => Math.round(performance.now() - since)
