// Parses an API path into what it addresses: a discovery document or a resource collection/object.
import { badRequest, methodNotAllowed } from './status'

export interface ResourceRoute {
  kind: 'resource'
  group: string
  version: string
  plural: string
  namespace?: string
  name?: string
  subresource?: string
}

export type Route =
  | { kind: 'version' | 'health' | 'api' | 'apis' | 'unknown' }
  | { kind: 'group'; group: string }
  | { kind: 'openapi'; document: string } // '' for the root of /openapi/v3
  | { kind: 'resources'; group: string; version: string }
  | ResourceRoute

const HEALTH = new Set(['/healthz', '/readyz', '/livez'])

export function parsePath(pathname: string): Route {
  if (pathname === '/version') return { kind: 'version' }
  if (HEALTH.has(pathname)) return { kind: 'health' }
  const openapi = pathname.match(/^\/openapi\/v3(?:\/(.+))?$/)
  if (openapi) return { kind: 'openapi', document: openapi[1] ?? '' }
  const segs = pathname
    .split('/')
    .filter((s) => s !== '')
    .map(decodeURIComponent)
  let group: string
  let version: string | undefined
  let rest: string[]
  if (segs[0] === 'api') {
    if (segs.length === 1) return { kind: 'api' }
    ;[group, version, rest] = ['', segs[1], segs.slice(2)]
  } else if (segs[0] === 'apis') {
    if (segs.length === 1) return { kind: 'apis' }
    if (segs.length === 2) return { kind: 'group', group: segs[1]! }
    ;[group, version, rest] = [segs[1]!, segs[2], segs.slice(3)]
  } else return { kind: 'unknown' }
  if (!version) return { kind: 'unknown' }
  if (rest.length === 0) return { kind: 'resources', group, version }
  // `namespaces/{ns}` alone is the Namespace object itself; `namespaces/{ns}/{plural}...` is scoped.
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const [, namespace, plural, name, subresource, ...extra] = rest
    if (extra.length) return { kind: 'unknown' }
    if (name === '') throw badRequest('resource name may not be empty')
    return { kind: 'resource', group, version, plural: plural!, namespace, name, subresource }
  }
  const [plural, name, subresource, ...extra] = rest
  if (extra.length) return { kind: 'unknown' }
  return { kind: 'resource', group, version, plural: plural!, name, subresource }
}

/** The RBAC verb of a request on a resource route. */
export function verbOf(method: string, route: ResourceRoute, watch: boolean): string {
  const { name, subresource } = route
  if (method === 'GET') return name ? 'get' : watch ? 'watch' : 'list'
  // A POST to an object's subresource (serviceaccounts/token) creates that subresource.
  if (method === 'POST' && (!name || subresource)) return 'create'
  if (method === 'PUT' && name) return 'update'
  if (method === 'PATCH' && name) return 'patch'
  if (method === 'DELETE') return name ? 'delete' : 'deletecollection'
  throw methodNotAllowed(method)
}
