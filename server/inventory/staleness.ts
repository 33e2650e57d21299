import 'server-only'
import type { Source } from '@/lib/schemas'
import { SourceUnavailableError } from '@/server/errors'
import type { AnySource } from '@/server/sources/source'

/**
 * A cluster whose watches broke: its status is the watches' error (they notice at once, where a
 * probe runs every few seconds), and what is shown of it is its last-known state, said as such.
 */
export function staleSource(source: AnySource, probed: Source): Source {
  if (source.kind !== 'kubernetes') return probed
  if (probed.status === 'ok') source.kube.cache.retryNow()
  const stale = source.kube.cache.staleness()
  if (!stale) return probed
  return {
    ...probed,
    status: stale.error instanceof SourceUnavailableError ? stale.error.status : 'unreachable',
    error: staleNotice(source) ?? stale.error.message,
    ...(stale.lastKnown && { staleSince: new Date(stale.since).toISOString() }),
  }
}

/** "<error>: showing its last-known state from <time>", when a cluster's lists are last-known. */
export function staleNotice(source: AnySource): string | undefined {
  const stale = source.kind === 'kubernetes' ? source.kube.cache.staleness() : undefined
  if (!stale?.lastKnown) return undefined
  const when = new Date(stale.since).toISOString().replace(/\.\d+Z$/, 'Z')
  return `${stale.error.message}: showing ${source.ref.name} as it was at ${when}, when it stopped answering`
}
