import 'server-only'
import { ListVirtualServicesCommand, type VirtualServiceRef } from '@aws-sdk/client-app-mesh'
import { parseMeshId, serviceId } from '@/lib/ids'
import type { Mesh, MeshService, RoutingObject, ServiceList, TrafficSplit } from '@/lib/schemas'
import type { AwsSource } from '@/server/sources/aws'
import { awsCall } from '@/server/sources/aws-call'
import { listNodeNames, nodeCandidates, NodeNames, servingNodes } from './candidates'
import { listAll } from './list-all'
import { APPMESH_API, parseMeshKeyName } from './native'
import { readRouted, type MeshRefKey, type Routed } from './read'
import { splitOf } from './split'

/** A node-provided service has one backend and no route: its revision is the service's version. */
const NODE_REVISION = (version: number | undefined) => `vs-${version ?? 0}`

/** Why the split of an App Mesh service carries no matches (shown by the UI, said by a 422). */
export const MATCHES_REASON = 'Meshpane shifts App Mesh weights only; header routes stay as written'

/** The split of a routed service: the owned route's weights, or all traffic to the provider node. */
export function splitOfRouted(routed: Routed): TrafficSplit | null {
  if ('router' in routed) return routed.owned ? splitOf(routed.owned) : null
  if (!routed.node) return null
  return {
    backends: [{ name: routed.node, weight: 100 }],
    revision: NODE_REVISION(routed.service.metadata?.version),
  }
}

function routingOf(routed: Routed, meshName: string): RoutingObject[] {
  if (!('router' in routed))
    return [
      {
        kind: 'VirtualService',
        apiVersion: APPMESH_API,
        namespace: meshName,
        name: routed.service.virtualServiceName!,
        active: true,
      },
    ]
  return routed.routes.map((r) => ({
    kind: 'Route',
    apiVersion: APPMESH_API,
    namespace: meshName,
    name: `${routed.router}/${r.routeName}`,
    active: r === routed.owned,
  }))
}

/**
 * The mesh's virtual services with their split. App Mesh knows no replicas: a backend counts as
 * 1/1 ready when its virtual node exists, 0/1 when a route targets a node that is gone.
 */
export async function appMeshServices(
  mesh: Mesh,
  source: AwsSource,
  signal: AbortSignal,
): Promise<ServiceList> {
  const key = parseMeshId(mesh.id)!
  const meshKey: MeshRefKey = parseMeshKeyName(key.name)
  const [refs, names] = await Promise.all([
    listAll<VirtualServiceRef>(async (nextToken) => {
      const out = await awsCall(source, signal, (c, o) =>
        c.send(new ListVirtualServicesCommand({ ...meshKey, nextToken, limit: 100 }), o),
      )
      return { items: out.virtualServices, nextToken: out.nextToken }
    }),
    listNodeNames(source, meshKey, signal),
  ])
  const nodes = new NodeNames(names)
  const routed = await Promise.all(
    refs.map((r) => readRouted(source, meshKey, r.virtualServiceName!, signal)),
  )
  const problemsOf = (r: Routed) => ('router' in r ? r.problems : [])
  const items = routed.flatMap((r): MeshService[] => {
    const split = splitOfRouted(r)
    if (!split) return []
    const name = r.service.virtualServiceName!
    const problems = problemsOf(r)
    const candidates = nodeCandidates(
      servingNodes(r, nodes),
      split.backends.map((b) => b.name),
      nodes,
    )
    return [
      {
        id: serviceId({ mesh: key, namespace: meshKey.meshName, name }),
        meshId: mesh.id,
        meshKind: 'appmesh',
        name,
        namespace: meshKey.meshName,
        backends: split.backends.map((b) => ({
          ...b,
          replicas: 1,
          readyReplicas: nodes.has(b.name) ? 1 : 0,
        })),
        ...(candidates.length > 0 && { candidates }),
        revision: split.revision,
        routing: routingOf(r, meshKey.meshName),
        capabilities: { matches: false, reason: MATCHES_REASON },
        ...(problems.length > 0 && { problems }),
      },
    ]
  })
  return { items, problems: routed.flatMap(problemsOf) }
}
