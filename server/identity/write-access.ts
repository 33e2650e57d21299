import 'server-only'
import type { ObjectRef, WriteCapability } from '@/lib/schemas'
import { TtlCache } from '@/server/cache/ttl-cache'
import type { KubeClient } from '@/server/sources/kube-client'

type ApiResources = { resources: { name: string; kind: string }[] }
type AccessReview = { status?: { allowed?: boolean; reason?: string; evaluationError?: string } }

/** A group/version's resource names by kind: the same for every user, and rarely changed. */
const resourceNames = new TtlCache<Map<string, string>>(5 * 60_000)

/**
 * Whether the user `kube` acts as may patch the routing object Meshpane writes, as the cluster
 * answers a SelfSubjectAccessReview for that verb, resource, namespace and name.
 */
export async function reviewWrite(
  kube: KubeClient,
  object: ObjectRef,
  signal: AbortSignal,
): Promise<WriteCapability> {
  // The core group is "" (apiVersion `v1`); others are `<group>/<version>`.
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0]! : ''
  const resource = await resourceOf(kube, object, signal)
  const attributes = {
    verb: 'patch',
    group,
    resource,
    namespace: object.namespace,
    name: object.name,
  }
  const review = await kube.request<AccessReview>({
    method: 'POST',
    path: '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews',
    body: {
      apiVersion: 'authorization.k8s.io/v1',
      kind: 'SelfSubjectAccessReview',
      spec: { resourceAttributes: attributes },
    },
    signal,
  })
  const { allowed = false, reason, evaluationError } = review.status ?? {}
  if (allowed) return { allowed, ...(reason && { reason }) }
  // RBAC has no opinion on a denial (no reason): say it as the cluster's 403 would.
  const where = object.namespace ? `in the namespace "${object.namespace}"` : 'at the cluster scope'
  const said = `User "${kube.impersonation?.user ?? 'meshpane'}" cannot patch resource "${resource}" in API group "${group}" ${where}`
  return {
    allowed,
    reason: [said, reason, evaluationError].filter(Boolean).join(': '),
  }
}

async function resourceOf(kube: KubeClient, object: ObjectRef, signal: AbortSignal) {
  const path = object.apiVersion.includes('/') ? `/apis/${object.apiVersion}` : '/api/v1'
  const names = await resourceNames.get(`${kube.server} ${path}`, async () => {
    const { resources } = await kube.get<ApiResources>(path, signal)
    return new Map(resources.filter((r) => !r.name.includes('/')).map((r) => [r.kind, r.name]))
  })
  const name = names.get(object.kind)
  if (!name) throw new Error(`${kube.context} serves no ${object.kind} in ${object.apiVersion}`)
  return name
}
