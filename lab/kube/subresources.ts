// The `/status` and `/scale` subresources: writes through them touch only status, or only
// spec.replicas, which is how controllers and `kubectl scale` use them.
import type { Reply, ResourceRequest } from './handlers'
import { fieldWrite, present } from './handlers'
import { recordFields } from './managed-fields'
import { parseObject } from './http'
import { applyPatch } from './patch'
import { badRequest, methodNotAllowed } from './status'
import type { KubeObject } from './types'

function toScale(o: KubeObject) {
  const { name, namespace, uid, resourceVersion, creationTimestamp } = o.metadata
  const spec = o.spec as { replicas?: number; selector?: { matchLabels?: Record<string, string> } }
  const selector = Object.entries(spec.selector?.matchLabels ?? {})
    .map(([k, v]) => `${k}=${v}`)
    .join(',')
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: { name, namespace, uid, resourceVersion, creationTimestamp },
    spec: { replicas: spec.replicas ?? 0 },
    status: { replicas: (o.status as { replicas?: number } | undefined)?.replicas ?? 0, selector },
  }
}

/** The subresource's view of `current` after the request's change (PUT body or PATCH). */
function changed(r: ResourceRequest, method: string, view: KubeObject): KubeObject {
  if (method === 'PUT') return parseObject(r.body)
  return applyPatch(view, r.contentType, r.body, false)
}

export function serveSubresource(r: ResourceRequest, method: string, subresource: string): Reply {
  const current = r.store.mustGet(r.resource, r.namespace, r.name!)
  if (!['GET', 'PUT', 'PATCH'].includes(method)) throw methodNotAllowed(method)
  if (subresource === 'scale') {
    if (method === 'GET') return { status: 200, body: toScale(current) }
    const scale = changed(r, method, toScale(current) as KubeObject)
    const replicas = (scale.spec as { replicas?: unknown } | undefined)?.replicas
    if (typeof replicas !== 'number' || !Number.isInteger(replicas) || replicas < 0)
      throw badRequest('spec.replicas must be a non-negative integer')
    const next = {
      ...current,
      metadata: { ...current.metadata },
      spec: { ...current.spec, replicas },
    }
    recordFields(current, next, fieldWrite(r, subresource))
    const rv = scale.metadata.resourceVersion || undefined
    const stored = r.store.update(r.resource, next, rv, r.dryRun)
    return { status: 200, body: toScale(stored) }
  }
  if (method === 'GET') return { status: 200, body: present(current, r) }
  const withStatus = changed(r, method, current)
  const next = { ...current, metadata: { ...current.metadata }, status: withStatus.status }
  recordFields(current, next, fieldWrite(r, subresource))
  const rv = withStatus.metadata.resourceVersion || undefined
  const stored = r.store.update(r.resource, next, rv, r.dryRun)
  return { status: 200, body: present(stored, r) }
}
