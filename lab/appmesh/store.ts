import { randomUUID } from 'node:crypto'
import type { AwsScenario, AwsServiceSpec } from './scenario'

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
  /** clientToken of the last update and the spec it carried, for UpdateX idempotency. */
  lastClientToken?: { token: string; spec: string }
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
): Resource {
  const at = nowSeconds()
  return {
    names,
    spec,
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
  const addNode = (node: string) => {
    if (mesh.virtualNodes.has(node)) return
    const spec = {
      ...httpListener,
      serviceDiscovery: { dns: { hostname: `${node}.${meshName}.local` } },
      backends: [],
    }
    mesh.virtualNodes.set(
      node,
      newResource(
        `${base}/virtualNode/${node}`,
        meshOwner,
        ownerId,
        { meshName, virtualNodeName: node },
        spec,
      ),
    )
  }
  let provider: Record<string, unknown>
  if (service.node) {
    addNode(service.node)
    provider = { virtualNode: { virtualNodeName: service.node } }
  } else {
    const router = `${short}-router`
    const routerNames = { meshName, virtualRouterName: router }
    mesh.virtualRouters.set(
      router,
      newResource(`${base}/virtualRouter/${router}`, meshOwner, ownerId, routerNames, httpListener),
    )
    const routes = new Map<string, Resource>()
    const specs = [
      ...(service.routes ?? []),
      { name: `${short}-route`, priority: 1000, prefix: '/', targets: service.versions! },
    ]
    for (const r of specs) {
      Object.keys(r.targets).forEach(addNode)
      const match: Record<string, unknown> = { prefix: r.prefix ?? '/' }
      if ('header' in r && r.header)
        match.headers = [{ name: r.header.name, match: { exact: r.header.exact } }]
      const weightedTargets = Object.entries(r.targets).map(([virtualNode, weight]) => ({
        virtualNode,
        weight,
      }))
      const spec = {
        priority: r.priority ?? 1000,
        httpRoute: { match, action: { weightedTargets } },
      }
      routes.set(
        r.name,
        newResource(
          `${base}/virtualRouter/${router}/route/${r.name}`,
          meshOwner,
          ownerId,
          { ...routerNames, routeName: r.name },
          spec,
        ),
      )
    }
    mesh.routes.set(router, routes)
    provider = { virtualRouter: { virtualRouterName: router } }
  }
  const names = { meshName, virtualServiceName: service.name }
  mesh.virtualServices.set(
    service.name,
    newResource(`${base}/virtualService/${service.name}`, meshOwner, ownerId, names, { provider }),
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
