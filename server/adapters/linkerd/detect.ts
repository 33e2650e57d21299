import 'server-only'
import { meshId } from '@/lib/ids'
import type { Mesh, MtlsMode } from '@/lib/schemas'
import type { ObjectMeta, Workload } from '@/server/adapters/k8s/objects'
import type { SourceHandle } from '@/server/sources/source'

export const LINKERD_CONTROL_PLANE = 'linkerd.io/is-control-plane=true'

/**
 * Linkerd mTLSes every meshed connection; whether plaintext from unmeshed clients is still let in
 * is the destination controller's default inbound policy (all-unauthenticated unless set).
 */
function mtlsOf(destination: Workload): MtlsMode {
  const args = destination.spec?.template?.spec?.containers?.flatMap((c) => c.args ?? []) ?? []
  const policy =
    args.find((a) => a.startsWith('-default-inbound-policy='))?.split('=')[1] ??
    'all-unauthenticated'
  return policy.endsWith('-unauthenticated') ? 'permissive' : 'strict'
}

/** Linkerd is present when a namespace is labelled as its control plane and runs linkerd-destination. */
export async function detectLinkerd(source: SourceHandle, signal: AbortSignal): Promise<Mesh[]> {
  const namespaces = await source.kube.list<{ metadata: ObjectMeta }>(
    '/api/v1/namespaces',
    signal,
    LINKERD_CONTROL_PLANE,
  )
  const meshes = await Promise.all(
    namespaces.map(async (ns) => {
      const destinations = await source.kube.list<Workload>(
        `/apis/apps/v1/namespaces/${encodeURIComponent(ns.metadata.name)}/deployments`,
        signal,
        'linkerd.io/control-plane-component=destination',
      )
      const destination = destinations[0]
      if (!destination) return null
      const key = { source: source.key, kind: 'linkerd' as const, name: ns.metadata.name }
      const mesh: Mesh = {
        id: meshId(key),
        kind: 'linkerd',
        name: ns.metadata.name,
        version: destination.metadata.labels?.['app.kubernetes.io/version'] ?? 'unknown',
        source: source.ref,
        mtls: mtlsOf(destination),
        controlPlaneNamespace: ns.metadata.name,
      }
      return mesh
    }),
  )
  return meshes.filter((m): m is Mesh => m !== null)
}
