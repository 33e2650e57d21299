// The verbs on a resource collection or object: get, list, create, update, patch, delete.
import { randomBytes } from 'node:crypto'
import { applyDefaults } from './defaults'
import { checkKnownFields, validate } from './validation'
import { parseObject } from './http'
import { recordFields, type FieldWrite } from './managed-fields'
import { applyPatch, parsePatchBody } from './patch'
import { RESOURCE_TYPES, groupVersion, isCustom, type ResourceType } from './resources'
import { fieldMatcher, labelMatcher } from './selectors'
import { badRequest, conflict, expired, invalid, KubeError, notFound } from './status'
import type { Store } from './store'
import type { KubeObject } from './types'

export interface ResourceRequest {
  store: Store
  resource: ResourceType
  version: string
  namespace?: string
  name?: string
  query: URLSearchParams
  body: string
  contentType: string
  /** The write's field manager (fieldManager, else from the User-Agent). */
  manager: string
  /** `?dryRun=All`: answer the write, store nothing. */
  dryRun: boolean
}

export interface Reply {
  status: number
  body: unknown
}

const NAMESPACE = RESOURCE_TYPES.find((t) => t.kind === 'Namespace')!
const APPLY = 'application/apply-patch+yaml'

/** The write `r` makes, as managedFields record it. */
export function fieldWrite(r: ResourceRequest, subresource?: string): FieldWrite {
  const apply = r.contentType.startsWith(APPLY)
  return {
    manager: r.manager,
    operation: apply ? 'Apply' : 'Update',
    apiVersion: groupVersion(r.resource.group, r.version),
    subresource,
    ...(apply && { applied: parsePatchBody(r.body, true) }),
  }
}

/** Serves an object at the API version it was asked for (all versions share one storage). */
export function present(obj: KubeObject, r: { resource: ResourceType; version: string }) {
  return { ...obj, apiVersion: groupVersion(r.resource.group, r.version), kind: r.resource.kind }
}

export function matcher(r: ResourceRequest) {
  const labels = labelMatcher(r.query.get('labelSelector'))
  const fields = fieldMatcher(r.query.get('fieldSelector'), r.resource.kind)
  return (o: KubeObject) => labels(o) && fields(o)
}

const objectKey = (o: KubeObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`

interface ContinueToken {
  rv: number
  start: string
}

function decodeContinue(token: string, store: Store): ContinueToken {
  let parsed: ContinueToken
  try {
    parsed = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'))
    if (typeof parsed.rv !== 'number' || typeof parsed.start !== 'string')
      throw new Error('bad shape')
  } catch (e) {
    throw badRequest(`continue key is not valid: ${(e as Error).message}`)
  }
  if (parsed.rv < store.oldestResumable)
    throw expired(
      'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    )
  return parsed
}

export function get(r: ResourceRequest): Reply {
  return { status: 200, body: present(r.store.mustGet(r.resource, r.namespace, r.name!), r) }
}

export function list(r: ResourceRequest): Reply {
  // Serialised at once and never changed: the stored objects, not copies.
  let items = r.store.peekSorted(r.resource, r.namespace).filter(matcher(r))
  let rv = Number(r.store.resourceVersion)
  const token = r.query.get('continue')
  if (token) {
    const from = decodeContinue(token, r.store)
    rv = from.rv
    items = items.filter((o) => objectKey(o) > from.start)
  }
  const limit = Number(r.query.get('limit') ?? 0)
  const metadata: Record<string, unknown> = { resourceVersion: String(rv) }
  if (limit > 0 && items.length > limit) {
    metadata.remainingItemCount = items.length - limit
    items = items.slice(0, limit)
    const next: ContinueToken = { rv, start: objectKey(items[items.length - 1]!) }
    metadata.continue = Buffer.from(JSON.stringify(next)).toString('base64url')
  }
  return {
    status: 200,
    body: {
      kind: `${r.resource.kind}List`,
      apiVersion: groupVersion(r.resource.group, r.version),
      metadata,
      items: items.map((o) => present(o, r)),
    },
  }
}

function checkKind(r: ResourceRequest, obj: KubeObject) {
  const expected = groupVersion(r.resource.group, r.version)
  if (obj.kind && obj.kind !== r.resource.kind)
    throw badRequest(
      `the kind in the data (${obj.kind}) does not match the expected kind (${r.resource.kind})`,
    )
  if (
    obj.apiVersion &&
    !r.resource.versions.some((v) => groupVersion(r.resource.group, v) === obj.apiVersion)
  )
    throw badRequest(
      `the API version in the data (${obj.apiVersion}) does not match the expected API version (${expected})`,
    )
}

function scopeToRequest(r: ResourceRequest, obj: KubeObject) {
  if (!r.resource.namespaced) {
    delete obj.metadata.namespace
    return
  }
  if (obj.metadata.namespace && obj.metadata.namespace !== r.namespace)
    throw badRequest(
      'the namespace of the provided object does not match the namespace sent on the request',
    )
  obj.metadata.namespace = r.namespace
}

export function create(r: ResourceRequest): Reply {
  const obj = parseObject(r.body)
  checkKind(r, obj)
  scopeToRequest(r, obj)
  if (r.resource.namespaced && !r.store.get(NAMESPACE, undefined, r.namespace!))
    throw notFound(NAMESPACE, r.namespace!)
  if (!obj.metadata.name && obj.metadata.generateName)
    obj.metadata.name = obj.metadata.generateName + randomBytes(3).toString('hex').slice(0, 5)
  if (!obj.metadata.name)
    throw invalid(
      r.resource,
      '',
      'metadata.name',
      'Required value: name or generateName is required',
    )
  delete obj.metadata.resourceVersion
  obj.kind = r.resource.kind
  applyDefaults(obj)
  recordFields(undefined, obj, fieldWrite(r))
  admit(r, obj)
  return { status: 201, body: present(r.store.create(r.resource, obj, r.dryRun), r) }
}

/** What the server checks before storing: the fields (when asked to be strict), then the values. */
function admit(r: ResourceRequest, obj: KubeObject) {
  if (r.query.get('fieldValidation') === 'Strict') checkKnownFields(r.resource, r.version, obj)
  validate(r.resource, obj)
}

/** Custom resources with a status subresource ignore status changes on the main resource. */
function keepStatus(r: ResourceRequest, obj: KubeObject, current: KubeObject) {
  if (!isCustom(r.resource)) return
  if (current.status === undefined) delete obj.status
  else obj.status = current.status
}

export function update(r: ResourceRequest): Reply {
  const obj = parseObject(r.body)
  checkKind(r, obj)
  if (obj.metadata.name !== r.name)
    throw badRequest(
      `the name of the object (${obj.metadata.name}) does not match the name on the URL (${r.name})`,
    )
  scopeToRequest(r, obj)
  const rv = obj.metadata.resourceVersion
  if (!rv && isCustom(r.resource))
    throw invalid(
      r.resource,
      r.name!,
      'metadata.resourceVersion',
      'Invalid value: 0x0: must be specified for an update',
    )
  const current = r.store.mustGet(r.resource, r.namespace, r.name!)
  keepStatus(r, obj, current)
  recordFields(current, obj, fieldWrite(r))
  admit(r, obj)
  const stored = r.store.update(r.resource, obj, rv || undefined, r.dryRun)
  return { status: 200, body: present(stored, r) }
}

export function patch(r: ResourceRequest): Reply {
  const apply = r.contentType.startsWith(APPLY)
  if (apply && !r.query.get('fieldManager'))
    throw new KubeError(
      422,
      'Invalid',
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    )
  const current = r.store.get(r.resource, r.namespace, r.name!)
  if (!current) {
    // Server-side apply creates what does not exist yet.
    if (apply) return create({ ...r, body: JSON.stringify(parsePatchBody(r.body, true)) })
    throw notFound(r.resource, r.name!)
  }
  const patched = applyPatch(current, r.contentType, r.body, isCustom(r.resource))
  if (patched === null || typeof patched !== 'object' || typeof patched.metadata !== 'object')
    throw invalid(r.resource, r.name!, 'metadata', 'Required value')
  if (patched.metadata.name !== r.name)
    throw invalid(
      r.resource,
      r.name!,
      'metadata.name',
      `Invalid value: "${patched.metadata.name}": field is immutable`,
    )
  if (patched.metadata.uid !== current.metadata.uid) throw conflict(r.resource, r.name!)
  patched.metadata.namespace = current.metadata.namespace
  keepStatus(r, patched, current)
  recordFields(current, patched, fieldWrite(r))
  // A resourceVersion the patch carries (or left untouched) is the write's precondition.
  const rv = patched.metadata.resourceVersion
  admit(r, patched)
  const stored = r.store.update(r.resource, patched, rv || undefined, r.dryRun)
  return { status: 200, body: present(stored, r) }
}

function deleteOptions(body: string): {
  preconditions?: { resourceVersion?: string; uid?: string }
} {
  if (!body.trim()) return {}
  try {
    return JSON.parse(body)
  } catch {
    throw badRequest('error decoding DeleteOptions')
  }
}

/** Deleting a namespace takes everything in it along (the lab skips the Terminating phase). */
function deleteNamespaceContents(store: Store, namespace: string) {
  for (const t of RESOURCE_TYPES.filter((t) => t.namespaced && !t.virtual))
    for (const o of store.list(t, namespace)) store.delete(t, namespace, o.metadata.name!)
}

export function remove(r: ResourceRequest): Reply {
  const current = r.store.mustGet(r.resource, r.namespace, r.name!)
  const pre = deleteOptions(r.body).preconditions
  if (
    (pre?.resourceVersion && pre.resourceVersion !== current.metadata.resourceVersion) ||
    (pre?.uid && pre.uid !== current.metadata.uid)
  )
    throw conflict(r.resource, r.name!)
  if (r.resource === NAMESPACE && !r.dryRun) deleteNamespaceContents(r.store, r.name!)
  return {
    status: 200,
    body: present(r.store.delete(r.resource, r.namespace, r.name!, r.dryRun), r),
  }
}

export function removeCollection(r: ResourceRequest): Reply {
  const doomed = r.store.list(r.resource, r.namespace).filter(matcher(r))
  const deleted = doomed.map((o) =>
    r.store.delete(r.resource, o.metadata.namespace, o.metadata.name!, r.dryRun),
  )
  return {
    status: 200,
    body: {
      kind: `${r.resource.kind}List`,
      apiVersion: groupVersion(r.resource.group, r.version),
      metadata: { resourceVersion: r.store.resourceVersion },
      items: deleted.map((o) => present(o, r)),
    },
  }
}
