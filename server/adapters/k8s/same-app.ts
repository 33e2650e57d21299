import 'server-only'
import type { CandidateBackend } from '@/lib/schemas'
import type { KubeService } from './objects'
import { serviceReadiness } from './readiness'
import type { LabelIndex, Workloads } from './workload-index'

/** A Service that could join a route as a backend, and the port a backend reference would name. */
export type ServiceCandidate = { name: string; port?: number }

/**
 * The Services of the same app as `parent` in its namespace (their selector narrows the parent's:
 * `app=voting,version=v2` under `app=voting`) that `taken` does not name yet, each with the port
 * the route's backends use when it has one (else its first). Linkerd, GAMMA and SMI route to
 * Services of the app, one per version.
 */
export function sameAppServices(
  services: LabelIndex<KubeService>,
  parent: { namespace: string; name: string },
  taken: readonly string[],
  port?: number,
): ServiceCandidate[] {
  const selector = services.get(parent.namespace, parent.name)?.spec?.selector ?? {}
  const size = Object.keys(selector).length
  return services
    .matching(parent.namespace, selector)
    .filter(
      (s) =>
        s.metadata.name !== parent.name &&
        !taken.includes(s.metadata.name) &&
        Object.keys(s.spec?.selector ?? {}).length > size,
    )
    .map((s) => {
      const ports = (s.spec?.ports ?? []).map((p) => p.port)
      const chosen = port !== undefined && ports.includes(port) ? port : ports[0]
      return { name: s.metadata.name, ...(chosen !== undefined && { port: chosen }) }
    })
}

/** Candidates as a split lists them (readiness only where the workloads were listed). */
export const serviceCandidates = (
  found: readonly ServiceCandidate[],
  namespace: string,
  world?: Workloads,
): CandidateBackend[] =>
  found.map((c) => ({
    name: c.name,
    weight: 0,
    ...(world && serviceReadiness(world, namespace, c.name)),
  }))
