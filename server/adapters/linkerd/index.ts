import 'server-only'
import { httpRouteAdapter } from '@/server/adapters/httproute/adapter'
import type { RouteApi } from '@/server/adapters/httproute/native'
import { preferredVersion } from '@/server/adapters/k8s/guarded-patch'
import type { SourceHandle } from '@/server/sources/source'
import { detectLinkerd } from './detect'
import { linkerdQueries } from './promql'

/**
 * Linkerd shifts traffic with HTTPRoutes of two groups: its own policy.linkerd.io (v1beta3 stored,
 * older versions served; discovery says which this cluster prefers) and gateway.networking.k8s.io.
 * Linkerd's own group ranks first on a creation-time tie (precedence.ts).
 */
async function linkerdRouteApis(source: SourceHandle, signal: AbortSignal): Promise<RouteApi[]> {
  const groups = ['policy.linkerd.io', 'gateway.networking.k8s.io']
  const versions = await Promise.all(groups.map((g) => preferredVersion(source, g, signal)))
  return groups.flatMap((group, i) => (versions[i] ? [{ group, version: versions[i] }] : []))
}

export const linkerdAdapter = httpRouteAdapter({
  kind: 'linkerd',
  discover: detectLinkerd,
  apis: linkerdRouteApis,
  metricQueries: linkerdQueries,
})
