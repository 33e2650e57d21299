// Impersonation as kube-apiserver's filter does it: every Impersonate-* header is one thing the
// requester must be allowed to `impersonate`; then the request runs as the impersonated user.
import { badRequest } from '../status'
import type { Store } from '../store'
import { authorize } from './authorize'
import { serviceAccountOf, type Attributes, type UserInfo } from './evaluate'

const EXTRA_PREFIX = 'impersonate-extra-'
const AUTHENTICATION = 'authentication.k8s.io'

interface Request {
  kind: 'User' | 'ServiceAccount' | 'Group' | 'UserExtra' | 'UID'
  name: string
  namespace?: string
  extraKey?: string
}

/** Go's %v of the ObjectReference the filter builds, for its 400 message. */
function goObjectReference(r: Request) {
  const apiVersion = r.kind === 'UserExtra' || r.kind === 'UID' ? `${AUTHENTICATION}/v1` : ''
  return `{${[r.kind, r.namespace ?? '', r.name, '', apiVersion, '', r.extraKey ?? ''].join(' ')}}`
}

function extraKey(header: string) {
  const key = header.slice(EXTRA_PREFIX.length)
  try {
    return decodeURIComponent(key)
  } catch {
    return key // the filter records malformed keys as they came
  }
}

function requestsOf(headers: NodeJS.Dict<string[]>): Request[] {
  const requests: Request[] = []
  const user = headers['impersonate-user']?.[0]
  if (user) {
    const sa = serviceAccountOf(user)
    requests.push(sa ? { kind: 'ServiceAccount', ...sa } : { kind: 'User', name: user })
  }
  for (const group of headers['impersonate-group'] ?? [])
    requests.push({ kind: 'Group', name: group })
  for (const [header, values] of Object.entries(headers))
    if (header.startsWith(EXTRA_PREFIX))
      for (const value of values ?? [])
        requests.push({ kind: 'UserExtra', name: value, extraKey: extraKey(header) })
  const uid = headers['impersonate-uid']?.[0]
  if (uid) requests.push({ kind: 'UID', name: uid })
  if (requests.length && !user)
    throw badRequest(
      `requested [${requests.map(goObjectReference).join(' ')}] without impersonating a user`,
    )
  return requests
}

function attributesOf(requester: UserInfo, r: Request): Attributes {
  const base = { user: requester, verb: 'impersonate', name: r.name }
  switch (r.kind) {
    case 'ServiceAccount':
      return { ...base, group: '', resource: 'serviceaccounts', namespace: r.namespace }
    case 'User':
      return { ...base, group: '', resource: 'users' }
    case 'Group':
      return { ...base, group: '', resource: 'groups' }
    case 'UserExtra':
      return { ...base, group: AUTHENTICATION, resource: 'userextras', subresource: r.extraKey }
    case 'UID':
      return { ...base, group: AUTHENTICATION, resource: 'uids' }
  }
}

/** The user the request acts as: the requester, or whom its Impersonate-* headers name (403 if not allowed). */
export function impersonate(
  store: Store,
  requester: UserInfo,
  headers: NodeJS.Dict<string[]>,
): UserInfo {
  const requests = requestsOf(headers)
  if (!requests.length) return requester
  for (const r of requests) authorize(store, attributesOf(requester, r))
  const name = headers['impersonate-user']![0]!
  const groups = requests.filter((r) => r.kind === 'Group').map((r) => r.name)
  const sa = serviceAccountOf(name)
  if (sa && !groups.length)
    groups.push('system:serviceaccounts', `system:serviceaccounts:${sa.namespace}`)
  // Named groups are the authority, but the impersonated user is still (un)authenticated.
  const implied = name === 'system:anonymous' ? 'system:unauthenticated' : 'system:authenticated'
  if (!groups.includes(implied) && !groups.includes('system:unauthenticated')) groups.push(implied)
  const extras = requests.filter((r) => r.kind === 'UserExtra')
  const extra: Record<string, string[]> = {}
  for (const r of extras) (extra[r.extraKey!] ??= []).push(r.name)
  const uid = requests.find((r) => r.kind === 'UID')?.name
  return { name, groups, ...(uid ? { uid } : {}), ...(extras.length ? { extra } : {}) }
}
