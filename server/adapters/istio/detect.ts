import 'server-only'
import { meshId } from '@/lib/ids'
import type { Mesh } from '@/lib/schemas'
import type { SourceHandle } from '@/server/sources/source'
import type { Workload } from '@/server/adapters/k8s/objects'

/** The name of the one Istio mesh per cluster: Istio config is cluster-wide, whatever the revision. */
export const ISTIO_MESH_NAME = 'istio'

/**
 * Istio is present when an istiod Deployment (label app=istiod, any namespace) exists. Several
 * istiods (revisions during a canary upgrade) are one mesh: the default revision's version wins.
 */
export async function detectIstio(source: SourceHandle, signal: AbortSignal): Promise<Mesh[]> {
  const istiods = await source.kube.list<Workload>(
    '/apis/apps/v1/deployments',
    signal,
    'app=istiod',
  )
  if (istiods.length === 0) return []
  const rev = (d: Workload) => d.metadata.labels?.['istio.io/rev']
  const sorted = [...istiods].sort((a, b) => rank(rev(a)) - rank(rev(b)))
  const primary = sorted[0]!
  const revisions = [...new Set(sorted.map(rev).filter((r): r is string => !!r))]
  const key = { source: source.key, kind: 'istio' as const, name: ISTIO_MESH_NAME }
  return [
    {
      id: meshId(key),
      kind: 'istio',
      name: ISTIO_MESH_NAME,
      version: primary.metadata.labels?.['app.kubernetes.io/version'] ?? 'unknown',
      source: source.ref,
      mtls: 'unknown',
      controlPlaneNamespace: primary.metadata.namespace,
      ...(revisions.length > 0 && { revision: revisions.join(',') }),
    },
  ]
}

const rank = (revision: string | undefined) => (!revision || revision === 'default' ? 0 : 1)
