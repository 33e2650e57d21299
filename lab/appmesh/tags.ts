import { AwsError, badRequest, forbidden, notFound } from './errors'
import { page } from './paging'
import { findByArn, sees, type Resource, type Store } from './store'

/**
 * ListTagsForResource, TagResource and UntagResource, which name a resource by its ARN. Without
 * `accountId` the caller is AWS itself: CloudFormation sets its `aws:` tags, which no account may.
 */
export type TagCall = { region: string; accountId?: string; query: URLSearchParams; body: unknown }

/** User tags per resource; `aws:` tags do not count (TooManyTagsException's documented limit). */
const MAX_USER_TAGS = 50
/** Tags or keys one TagResource or UntagResource may carry. */
const MAX_PER_CALL = 50
/** AWS reserves the prefix, in any case: accounts can neither set nor remove such tags. */
const RESERVED = /^aws:/i

/** The resource of `?resourceArn=`, as Describe* finds it: unknown and unseen alike are a 404. */
function resourceOf(store: Store, call: TagCall): Resource {
  const arn = call.query.get('resourceArn')
  if (!arn) throw badRequest('resourceArn is required')
  const found = findByArn(store, call.region, arn)
  if (!found || (call.accountId && !sees(call.accountId, found.mesh)))
    throw notFound(`Resource ${arn} not found`)
  return found.resource
}

/** The resource to change tags on: only its owner may, as only its owner may update it. */
function ownResourceOf(store: Store, call: TagCall): Resource {
  const resource = resourceOf(store, call)
  if (call.accountId && resource.metadata.resourceOwner !== call.accountId)
    throw forbidden(`Account ${call.accountId} does not own resource ${resource.metadata.arn}`)
  return resource
}

/** The body's list `field`, of at most MAX_PER_CALL items, each checked by `valid`. */
function listIn(body: unknown, field: string, valid: (item: unknown) => boolean): unknown[] {
  const list = (body as Record<string, unknown> | undefined)?.[field]
  if (!Array.isArray(list) || list.length > MAX_PER_CALL || !list.every(valid))
    throw badRequest(`${field} must hold at most ${MAX_PER_CALL} valid items`)
  return list
}

const isKey = (k: unknown): k is string => typeof k === 'string' && k.length >= 1 && k.length <= 128

function refuseReserved(call: TagCall, key: string) {
  if (call.accountId && RESERVED.test(key))
    throw badRequest(`Tag keys starting with aws: are reserved for AWS use: ${key}`)
}

export function listTags(store: Store, call: TagCall) {
  const tags = [...resourceOf(store, call).tags].map(([key, value]) => ({ key, value }))
  const { items, nextToken } = page(tags, call.query)
  return { tags: items, ...(nextToken ? { nextToken } : {}) }
}

/** Adds or overwrites tags; all or none, as AWS applies them. */
export function tagResource(store: Store, call: TagCall): void {
  const resource = ownResourceOf(store, call)
  const tags = listIn(call.body, 'tags', (t) => {
    const { key, value } = (t ?? {}) as { key?: unknown; value?: unknown }
    return isKey(key) && typeof value === 'string' && value.length <= 256
  }) as { key: string; value: string }[]
  tags.forEach((t) => refuseReserved(call, t.key))
  const next = new Map(resource.tags)
  for (const t of tags) next.set(t.key, t.value)
  if ([...next.keys()].filter((k) => !RESERVED.test(k)).length > MAX_USER_TAGS)
    throw new AwsError(
      400,
      'TooManyTagsException',
      `A resource carries at most ${MAX_USER_TAGS} user tags; none of these were applied`,
    )
  resource.tags = next
}

/** Removes tags by key; a key the resource does not carry is no error. */
export function untagResource(store: Store, call: TagCall): void {
  const resource = ownResourceOf(store, call)
  const keys = listIn(call.body, 'tagKeys', isKey) as string[]
  keys.forEach((k) => refuseReserved(call, k))
  for (const k of keys) resource.tags.delete(k)
}

/** The tag operations by path (under /v20190125) and method, as the REST protocol routes them. */
export const TAG_OPERATIONS = new Map<
  string,
  { method: string; run: (store: Store, call: TagCall) => unknown }
>([
  ['tags', { method: 'GET', run: listTags }],
  ['tag', { method: 'PUT', run: tagResource }],
  ['untag', { method: 'PUT', run: untagResource }],
])
