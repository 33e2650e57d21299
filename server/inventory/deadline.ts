import 'server-only'
import { SourceUnavailableError } from '@/server/errors'

/**
 * Runs one source operation under a deadline: its requests are aborted at `ms`, and the caller
 * gets a timeout at `ms` even if some step (an exec credential plugin, say) ignores the signal.
 */
export function withDeadline<T>(
  source: string,
  ms: number,
  run: (signal: AbortSignal) => Promise<T>,
): Promise<T> {
  const signal = AbortSignal.timeout(ms)
  let timer: NodeJS.Timeout | undefined
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new SourceUnavailableError('timeout', source, `no answer within ${ms} ms`)),
      ms + 50,
    )
  })
  return Promise.race([run(signal), late]).finally(() => clearTimeout(timer))
}
