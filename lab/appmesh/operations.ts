import { AwsError, badRequest, forbidden, notFound } from './errors'
import { page } from './paging'
import { TAG_OPERATIONS } from './tags'
import { sees, touch, type MeshState, type Resource, type Store } from './store'

/** One App Mesh call, already authenticated: who calls, in which region, what. */
export type Call = {
  accountId: string
  region: string
  method: string
  /** path segments after `/v20190125` */
  segments: string[]
  query: URLSearchParams
  body: unknown
}

const data = (r: Resource) => ({ ...r.names, spec: r.spec, metadata: r.metadata, status: r.status })
const ref = (r: Resource) => {
  const { arn, version, meshOwner, resourceOwner, createdAt, lastUpdatedAt } = r.metadata
  return { ...r.names, arn, version, meshOwner, resourceOwner, createdAt, lastUpdatedAt }
}

const byName = (a: Resource, b: Resource, key: string) => a.names[key]!.localeCompare(b.names[key]!)

function visibleMeshes(store: Store, call: Call): MeshState[] {
  const region = store.get(call.region)
  if (!region) return []
  return [...region.values()].filter((m) => sees(call.accountId, m))
}

/** The mesh a call names; `meshOwner` (default: the caller) picks among meshes of the same name. */
function findMesh(store: Store, call: Call, meshName: string): MeshState {
  const owner = call.query.get('meshOwner') ?? call.accountId
  const mesh = store.get(call.region)?.get(`${owner}/${meshName}`)
  if (!mesh || !sees(call.accountId, mesh))
    throw notFound(`Mesh ${meshName} not found for owner ${owner}`)
  return mesh
}

function get<T>(map: Map<string, T> | undefined, name: string, what: string): T {
  const found = map?.get(name)
  if (!found) throw notFound(`${what} ${name} not found`)
  return found
}

function listOf(
  resources: Iterable<Resource>,
  key: string,
  listKey: string,
  query: URLSearchParams,
) {
  const sorted = [...resources].sort((a, b) => byName(a, b, key))
  const { items, nextToken } = page(sorted, query)
  return { [listKey]: items.map(ref), ...(nextToken ? { nextToken } : {}) }
}

const ROUTE_KINDS = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const

/** The checks App Mesh makes on a RouteSpec that matter here: one route kind, 1–10 targets that exist. */
function validateRouteSpec(mesh: MeshState, spec: unknown) {
  if (!spec || typeof spec !== 'object') throw badRequest('spec is required')
  const s = spec as Record<string, unknown>
  const kinds = ROUTE_KINDS.filter((k) => s[k] !== undefined)
  if (kinds.length !== 1)
    throw badRequest('Exactly one of httpRoute, http2Route, grpcRoute or tcpRoute must be set')
  const action = (s[kinds[0]!] as { action?: { weightedTargets?: unknown } }).action
  const targets = action?.weightedTargets
  if (!Array.isArray(targets) || targets.length < 1 || targets.length > 10)
    throw badRequest('weightedTargets must hold between 1 and 10 targets')
  for (const t of targets as { virtualNode?: unknown; weight?: unknown }[]) {
    if (!Number.isInteger(t.weight) || (t.weight as number) < 0 || (t.weight as number) > 100)
      throw badRequest('weight must be an integer between 0 and 100')
    if (typeof t.virtualNode !== 'string' || !mesh.virtualNodes.has(t.virtualNode))
      throw badRequest(
        `Virtual node ${String(t.virtualNode)} does not exist in mesh ${mesh.names.meshName}`,
      )
  }
  if (
    s.priority !== undefined &&
    (!Number.isInteger(s.priority) || (s.priority as number) < 0 || (s.priority as number) > 1000)
  )
    throw badRequest('priority must be between 0 and 1000')
}

function updateRoute(mesh: MeshState, route: Resource, call: Call) {
  if (route.metadata.resourceOwner !== call.accountId)
    throw forbidden(`Account ${call.accountId} does not own route ${route.names.routeName}`)
  const body = (call.body ?? {}) as { spec?: unknown; clientToken?: unknown }
  validateRouteSpec(mesh, body.spec)
  const spec = JSON.stringify(body.spec)
  const token = typeof body.clientToken === 'string' ? body.clientToken : undefined
  // A retried request (same clientToken) is answered without a second update; a reused token with another spec is a conflict.
  if (token && route.lastClientToken?.token === token) {
    if (route.lastClientToken.spec !== spec)
      throw new AwsError(
        409,
        'ConflictException',
        'clientToken was reused with a different request',
      )
    return data(route)
  }
  // Someone else's UpdateRoute landing between the caller's last read and this call.
  if (route.raceArmed) {
    route.raceArmed = false
    touch(route, route.spec)
  }
  // UpdateRoute replaces the whole spec: whatever the caller leaves out is gone, as on AWS.
  touch(route, body.spec as Record<string, unknown>)
  route.lastClientToken = token ? { token, spec } : undefined
  return data(route)
}

/**
 * Answers the App Mesh operations Meshpane and its tests use; anything else is a 404 like an
 * unknown API path.
 */
export function handle(store: Store, call: Call): unknown {
  const [root, meshName, kind, name, sub, routeName, ...rest] = call.segments
  const { method, query } = call
  const tagOperation = TAG_OPERATIONS.get(root ?? '')
  if (tagOperation && call.segments.length === 1 && tagOperation.method === method)
    return tagOperation.run(store, call)
  if (root !== 'meshes' || rest.length > 0)
    throw new AwsError(404, 'UnknownOperationException', 'Unknown operation')
  if (meshName === undefined && method === 'GET') {
    const sorted = visibleMeshes(store, call).sort((a, b) => byName(a, b, 'meshName'))
    const { items, nextToken } = page(sorted, query)
    return { meshes: items.map(ref), ...(nextToken ? { nextToken } : {}) }
  }
  const mesh = findMesh(store, call, meshName!)
  if (kind === undefined && method === 'GET') return data(mesh)
  if (method === 'GET' && sub === undefined) {
    if (kind === 'virtualServices')
      return name
        ? data(get(mesh.virtualServices, name, 'Virtual service'))
        : listOf(mesh.virtualServices.values(), 'virtualServiceName', 'virtualServices', query)
    if (kind === 'virtualRouters')
      return name
        ? data(get(mesh.virtualRouters, name, 'Virtual router'))
        : listOf(mesh.virtualRouters.values(), 'virtualRouterName', 'virtualRouters', query)
    if (kind === 'virtualNodes')
      return name
        ? data(get(mesh.virtualNodes, name, 'Virtual node'))
        : listOf(mesh.virtualNodes.values(), 'virtualNodeName', 'virtualNodes', query)
  }
  if (kind === 'virtualRouter' && name && sub === 'routes') {
    get(mesh.virtualRouters, name, 'Virtual router')
    const routes = mesh.routes.get(name) ?? new Map<string, Resource>()
    if (routeName === undefined && method === 'GET')
      return listOf(routes.values(), 'routeName', 'routes', query)
    if (routeName !== undefined && method === 'GET') return data(get(routes, routeName, 'Route'))
    if (routeName !== undefined && method === 'PUT')
      return updateRoute(mesh, get(routes, routeName, 'Route'), call)
  }
  throw new AwsError(404, 'UnknownOperationException', 'Unknown operation')
}
