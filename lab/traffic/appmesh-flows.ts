import type { Behaviour } from './behaviour'
import type { MeshState, Resource, Store as AppMeshStore } from '../appmesh/store'
import type { Flow, FlowBackend, Workload } from './model'
import type { Spec } from './objects'

/** What the scenario's `aws:` section says about traffic: per mesh, load and each node's behaviour. */
export type AppMeshHints = {
  /** Requests per second a virtual service receives (default 50). */
  rps?(region: string, meshOwner: string, mesh: string, service: string): number | undefined
  behaviour?(region: string, meshOwner: string, mesh: string, node: string): Behaviour | undefined
}

/** One Envoy of a virtual node: an ECS task running the node's app and its App Mesh Envoy. */
export type EnvoyTarget = {
  region: string
  mesh: MeshState
  node: Resource
  /** The task id, unique in the mesh (the model's pod). */
  task: string
  /** APPMESH_RESOURCE_ARN of the task's Envoy: the virtual node's ARN. */
  resourceArn: string
}

const DEFAULT_RPS = 50
const DEFAULT_PORT = 8080

/** The model's "cluster" of an App Mesh mesh: where its tasks' counters are kept apart. */
export const appMeshCluster = (region: string, meshOwner: string) => `aws:${region}:${meshOwner}`

const taskOf = (node: string) => `${node}-task-1`

export function envoyTargets(store: AppMeshStore): EnvoyTarget[] {
  return [...store.entries()].flatMap(([region, meshes]) =>
    [...meshes.values()].flatMap((mesh) =>
      [...mesh.virtualNodes.values()].map((node) => ({
        region,
        mesh,
        node,
        task: taskOf(node.names.virtualNodeName!),
        resourceArn: node.metadata.arn,
      })),
    ),
  )
}

const listenerPort = (node: Resource | undefined): number =>
  Number((node?.spec as Spec | undefined)?.listeners?.[0]?.portMapping?.port ?? DEFAULT_PORT)

/** A route a request without headers to `/` takes: prefix `/` (or none), no header/method/query match. */
function isDefault(route: Resource): boolean {
  const match: Spec | undefined = (
    (route.spec as Spec).httpRoute ?? (route.spec as Spec).http2Route
  )?.match
  if (!match) return false
  return (
    (match.prefix === undefined || match.prefix === '/') &&
    !match.path &&
    !match.headers?.length &&
    !match.method &&
    !match.queryParameters?.length
  )
}

/** The weighted targets of the route App Mesh would pick for plain traffic: lowest priority number wins. */
function defaultTargets(routes: Map<string, Resource> | undefined): Spec[] {
  const priority = (r: Resource) => ((r.spec as Spec).priority as number | undefined) ?? 1001
  const route = [...(routes?.values() ?? [])]
    .filter((r) => r.status.status === 'ACTIVE' && isDefault(r))
    .sort((a, b) => priority(a) - priority(b))[0]
  const spec = route?.spec as Spec | undefined
  return (spec?.httpRoute ?? spec?.http2Route)?.action?.weightedTargets ?? []
}

/**
 * The flows of the lab's App Mesh meshes, read from the App Mesh store every tick: each virtual
 * service's requests go to its provider node, or through its router's default route split by the
 * weighted targets as they are stored now (so an UpdateRoute shows in the next tick). Requests
 * come from outside the mesh, so only the destination Envoys (their ingress clusters) count them.
 */
export function appMeshFlows(store: AppMeshStore, hints: AppMeshHints = {}): Flow[] {
  return [...store.entries()].flatMap(([region, meshes]) =>
    [...meshes.values()].flatMap((mesh) => {
      const meshName = mesh.names.meshName!
      const owner = mesh.metadata.meshOwner
      const cluster = appMeshCluster(region, owner)
      const workload = (node: string): Workload => ({
        cluster,
        namespace: meshName,
        name: node,
        app: node,
        version: node,
        // A route to a node that does not exist reaches no task (the caller's Envoy answers 503).
        pods: mesh.virtualNodes.has(node) ? [taskOf(node)] : [],
      })
      const backend = (node: string, weight: number): FlowBackend => ({
        name: node,
        weight,
        workload: workload(node),
        behaviour: hints.behaviour?.(region, owner, meshName, node),
      })
      return [...mesh.virtualServices.values()].flatMap((vs): Flow[] => {
        const provider = (vs.spec as Spec).provider ?? {}
        const service = vs.names.virtualServiceName!
        const backends: FlowBackend[] = provider.virtualNode
          ? [backend(provider.virtualNode.virtualNodeName, 1)]
          : defaultTargets(mesh.routes.get(provider.virtualRouter?.virtualRouterName)).map((t) =>
              backend(t.virtualNode, Number(t.weight ?? 0)),
            )
        if (vs.status.status !== 'ACTIVE' || backends.length === 0) return []
        const port = listenerPort(mesh.virtualNodes.get(backends[0]!.name))
        const rps = hints.rps?.(region, owner, meshName, service) ?? DEFAULT_RPS
        return [
          {
            proxy: 'envoy',
            cluster,
            namespace: meshName,
            service,
            port,
            rps,
            source: null,
            backends,
          },
        ]
      })
    }),
  )
}
