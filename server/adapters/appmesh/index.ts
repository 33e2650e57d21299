import 'server-only'
import { randomUUID } from 'node:crypto'
import { UpdateRouteCommand } from '@aws-sdk/client-app-mesh'
import { stringify } from 'yaml'
import type { TrafficSplit } from '@/lib/schemas'
import type { MeshAdapter } from '@/server/adapters/contract'
import { matchesRefusal } from '@/server/adapters/matches'
import { nextBackends, withCandidates, type NextBackend } from '@/server/adapters/membership'
import { NotFoundError, PreconditionFailedError, UnprocessableError } from '@/server/errors'
import type { AwsSource } from '@/server/sources/aws'
import { awsCall } from '@/server/sources/aws-call'
import { listNodeNames, nodeCandidates, NodeNames, servingNodes } from './candidates'
import { discoverMeshes } from './discover'
import { APPMESH_API, parseMeshKeyName, type RouteData } from './native'
import { routePreview } from './preview'
import { readOwner } from './owner'
import { appMeshQueries } from './promql'
import { describeRoute, readRouted, type MeshRefKey, type Routed } from './read'
import { appMeshServices, MATCHES_REASON, splitOfRouted } from './services'
import { MAX_TARGETS, revisionOf, splitOf, withTargets } from './split'

/** The service as routed, and the virtual nodes that serve it (the route's candidates among them). */
type AppMeshRead = { mesh: MeshRefKey; routed: Routed; serving: string[] }
/** The route to rewrite (none for a node-provided service) and its targets after the write. */
type AppMeshChange = { route: RouteData | null; next: NextBackend[] }

/**
 * AWS App Mesh: services are virtual services; the split is the weighted targets of the owned
 * route of their virtual router. App Mesh has no write precondition: the route's version is
 * compared right before UpdateRoute, and the version UpdateRoute returns tells whether another
 * writer slipped in between (see README for the race that remains).
 */
export const appMeshAdapter: MeshAdapter<AwsSource, AppMeshRead, AppMeshChange> = {
  kind: 'appmesh',
  sourceKinds: ['aws'],
  discover: discoverMeshes,
  services: appMeshServices,

  async read(service, source, signal) {
    const mesh = parseMeshKeyName(service.mesh.name)
    const [routed, nodes] = await Promise.all([
      readRouted(source, mesh, service.name, signal),
      listNodeNames(source, mesh, signal),
    ])
    const serving = servingNodes(routed, new NodeNames(nodes))
    const read = splitOfRouted(routed)
    const split = read && splitWithNodes(read, serving)
    if (!split)
      throw new NotFoundError(
        `${source.ref.name}: virtual service ${service.name} has no weighted route`,
      )
    const { object } = previewOf(routed, mesh.meshName, null)
    // A virtual service provided by a node has no route Meshpane writes, so nothing to own.
    const arn = 'router' in routed ? routed.owned?.metadata?.arn : undefined
    const owner = arn ? await readOwner(source, arn, signal) : undefined
    return { split, object, ...(owner && { owner }), native: { mesh, routed, serving } }
  },

  plan({ split, native: { mesh, routed } }, desired) {
    if (desired.matches?.length) throw matchesRefusal(MATCHES_REASON)
    const next = nextBackends(split, desired)
    if (next.length > MAX_TARGETS)
      throw new UnprocessableError(
        `an App Mesh route takes at most ${MAX_TARGETS} weighted targets; this split would have ${next.length}`,
      )
    const route = 'router' in routed ? routed.owned! : null
    return {
      changes:
        next.length !== split.backends.length ||
        next.some((b, i) => b.joins || b.weight !== split.backends[i]!.weight),
      preview: previewOf(routed, mesh.meshName, next),
      change: { route, next },
    }
  },

  async write({ split, native: { mesh, serving } }, { route, next }, source, signal) {
    if (!route) return { split }
    // No precondition exists in App Mesh: re-read just before writing, so only a writer within this gap is missed.
    const fresh = await describeRoute(
      source,
      mesh,
      route.virtualRouterName!,
      route.routeName!,
      signal,
    )
    if (revisionOf(fresh) !== split.revision)
      throw new PreconditionFailedError(`${source.ref.name}: the route changed since it was read`)
    const input = {
      ...mesh,
      virtualRouterName: fresh.virtualRouterName!,
      routeName: fresh.routeName!,
      spec: withTargets(fresh.spec!, next),
      clientToken: randomUUID(), // one token for every retry of this write: AWS applies it once
    }
    const written = (
      await awsCall(source, signal, (c, o) => c.send(new UpdateRouteCommand(input), o))
    ).route!
    // Each UpdateRoute adds one to the version: more means another write landed in the gap, and ours replaced it.
    const skipped = Number(revisionOf(written)) - Number(split.revision) - 1
    const warnings =
      skipped > 0
        ? [
            `another write to route ${input.virtualRouterName}/${input.routeName} landed between Meshpane's check (version ${split.revision}) and its write (now version ${revisionOf(written)}), and was overwritten: check the split`,
          ]
        : undefined
    return { split: splitWithNodes(splitOf(written), serving), ...(warnings && { warnings }) }
  },

  metricQueries: appMeshQueries,
}

/** The owned route (or, for a node-provided service, the virtual service) before and after. */
/** The split with the serving nodes its route does not target. */
const splitWithNodes = (split: TrafficSplit, serving: string[]): TrafficSplit =>
  withCandidates(
    split,
    nodeCandidates(
      serving,
      split.backends.map((b) => b.name),
    ),
  )

function previewOf(routed: Routed, meshName: string, next: NextBackend[] | null) {
  if ('router' in routed) {
    const route = routed.owned!
    return routePreview(route, next ? withTargets(route.spec!, next) : route.spec!)
  }
  return nodePreview(routed.service.virtualServiceName!, meshName, stringify(routed.service.spec))
}

function nodePreview(name: string, meshName: string, yaml: string) {
  return {
    object: { kind: 'VirtualService', apiVersion: APPMESH_API, namespace: meshName, name },
    before: yaml,
    after: yaml,
  }
}
