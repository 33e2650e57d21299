import { randomUUID } from 'node:crypto'
import type { AwsRouteSpec, AwsScenario, AwsServiceSpec } from './scenario'

/**
 * The App Mesh state of the lab: per region, the meshes of every account, each holding its virtual
 * nodes, routers, routes and services in App Mesh's own JSON shapes (what DescribeX returns).
 */
export type Metadata = {
  arn: string
  uid: string
  version: number
  meshOwner: string
  resourceOwner: string
  createdAt: number
  lastUpdatedAt: number
}

export type Resource = {
  /** meshName, virtualRouterName, routeName, ... as the Describe output spells them. */
  names: Record<string, string>
  spec: Record<string, unknown>
  metadata: Metadata
  status: { status: 'ACTIVE' | 'INACTIVE' | 'DELETED' }
  /** Tags by key, in the order they were added (what ListTagsForResource answers). */
  tags: Map<string, string>
  /** clientToken of the last update and the spec it carried, for UpdateX idempotency. */
  lastClientToken?: { token: string; spec: string }
  /** Armed by `/_lab/race`: another writer's UpdateRoute lands just before the next one. */
  raceArmed?: boolean
}

export type MeshState = Resource & {
  region: string
  sharedWith: Set<string>
  virtualNodes: Map<string, Resource>
  virtualRouters: Map<string, Resource>
  /** routes by router name, then by route name */
  routes: Map<string, Map<string, Resource>>
  virtualServices: Map<string, Resource>
}

/** region -> `${ownerAccountId}/${meshName}` -> mesh */
export type Store = Map<string, Map<string, MeshState>>

const nowSeconds = () => Date.now() / 1000

function newResource(
  arn: string,
  meshOwner: string,
  resourceOwner: string,
  names: Record<string, string>,
  spec: Record<string, unknown>,
  tags: Record<string, string> = {},
): Resource {
  const at = nowSeconds()
  return {
    names,
    spec,
    tags: new Map(Object.entries(tags)),
    metadata: {
      arn,
      uid: randomUUID(),
      version: 1,
      meshOwner,
      resourceOwner,
      createdAt: at,
      lastUpdatedAt: at,
    },
    status: { status: 'ACTIVE' },
  }
}

/** An account sees a mesh it owns or one shared with it (AWS RAM), and everything in it. */
export const sees = (accountId: string, mesh: MeshState) =>
  mesh.metadata.meshOwner === accountId || mesh.sharedWith.has(accountId)

/** Bumps version and lastUpdatedAt the way every App Mesh UpdateX does. */
export function touch(resource: Resource, spec: Record<string, unknown>) {
  resource.spec = spec
  resource.metadata.version += 1
  resource.metadata.lastUpdatedAt = Math.max(nowSeconds(), resource.metadata.lastUpdatedAt + 0.001)
}

const httpListener = { listeners: [{ portMapping: { port: 8080, protocol: 'http' } }] }

function addService(mesh: MeshState, service: AwsServiceSpec, ownerId: string) {
  const meshName = mesh.names.meshName!
  const meshOwner = mesh.metadata.meshOwner
  const base = `arn:aws:appmesh:${mesh.region}:${meshOwner}:mesh/${meshName}`
  const short = service.name.split('.')[0]!
  // Every resource the shorthand creates carries the service's tags, as a stack's tags reach all its resources.
  const create = (
    path: string,
    names: Record<string, string>,
    spec: Record<string, unknown>,
    tags?: Record<string, string>,
  ) =>
    newResource(`${base}/${path}`, meshOwner, ownerId, { meshName, ...names }, spec, {
      ...service.tags,
      ...tags,
    })
  const addNode = (node: string) => {
    if (mesh.virtualNodes.has(node)) return
    const spec = {
      ...httpListener,
      serviceDiscovery: { dns: { hostname: `${node}.${meshName}.local` } },
      backends: [],
    }
    mesh.virtualNodes.set(node, create(`virtualNode/${node}`, { virtualNodeName: node }, spec))
  }
  service.nodes?.forEach(addNode)
  let provider: Record<string, unknown>
  if (service.node) {
    addNode(service.node)
    provider = { virtualNode: { virtualNodeName: service.node } }
  } else {
    const router = `${short}-router`
    const routerNames = { virtualRouterName: router }
    mesh.virtualRouters.set(router, create(`virtualRouter/${router}`, routerNames, httpListener))
    const routes = new Map<string, Resource>()
    const specs: AwsRouteSpec[] = [
      ...(service.routes ?? []),
      { name: `${short}-route`, priority: 1000, prefix: '/', targets: service.versions! },
    ]
    for (const r of specs) {
      Object.keys(r.targets ?? {}).forEach(addNode)
      const match: Record<string, unknown> = { prefix: r.prefix }
      if (r.header) match.headers = [{ name: r.header.name, match: { exact: r.header.exact } }]
      const weightedTargets =
        r.weightedTargets ??
        Object.entries(r.targets!).map(([virtualNode, weight]) => ({ virtualNode, weight }))
      const spec = {
        priority: r.priority ?? 1000,
        httpRoute: { match, action: { weightedTargets } },
      }
      const path = `virtualRouter/${router}/route/${r.name}`
      routes.set(r.name, create(path, { ...routerNames, routeName: r.name }, spec, r.tags))
    }
    mesh.routes.set(router, routes)
    provider = { virtualRouter: { virtualRouterName: router } }
  }
  mesh.virtualServices.set(
    service.name,
    create(`virtualService/${service.name}`, { virtualServiceName: service.name }, { provider }),
  )
}

export function buildStore(scenario: AwsScenario): Store {
  const store: Store = new Map()
  const idOf = (account: string) => scenario.accounts[account]!.id
  for (const spec of scenario.meshes) {
    const owner = idOf(spec.account)
    const arn = `arn:aws:appmesh:${spec.region}:${owner}:mesh/${spec.name}`
    const mesh: MeshState = {
      ...newResource(
        arn,
        owner,
        owner,
        { meshName: spec.name },
        { egressFilter: { type: 'DROP_ALL' } },
        spec.tags,
      ),
      region: spec.region,
      sharedWith: new Set(spec.sharedWith.map(idOf)),
      virtualNodes: new Map(),
      virtualRouters: new Map(),
      routes: new Map(),
      virtualServices: new Map(),
    }
    for (const service of spec.services)
      addService(mesh, service, service.owner ? idOf(service.owner) : owner)
    const region = store.get(spec.region) ?? new Map<string, MeshState>()
    region.set(`${owner}/${spec.name}`, mesh)
    store.set(spec.region, region)
  }
  return store
}

/** Every resource of a mesh, the mesh included. */
function* resourcesOf(mesh: MeshState): Generator<Resource> {
  yield mesh
  yield* mesh.virtualNodes.values()
  yield* mesh.virtualRouters.values()
  for (const routes of mesh.routes.values()) yield* routes.values()
  yield* mesh.virtualServices.values()
}

/** The resource an ARN names in a region, with its mesh (tag calls address resources by ARN). */
export function findByArn(
  store: Store,
  region: string,
  arn: string,
): { mesh: MeshState; resource: Resource } | undefined {
  for (const mesh of store.get(region)?.values() ?? [])
    for (const resource of resourcesOf(mesh))
      if (resource.metadata.arn === arn) return { mesh, resource }
  return undefined
}
