import 'server-only'
import { randomUUID } from 'node:crypto'
import { UpdateRouteCommand } from '@aws-sdk/client-app-mesh'
import { stringify } from 'yaml'
import type { MeshAdapter } from '@/server/adapters/contract'
import { matchesRefusal } from '@/server/adapters/matches'
import { NotFoundError, PreconditionFailedError } from '@/server/errors'
import type { AwsSource } from '@/server/sources/aws'
import { awsCall } from '@/server/sources/aws-call'
import { discoverMeshes } from './discover'
import { APPMESH_API, parseMeshKeyName, type RouteData } from './native'
import { routePreview } from './preview'
import { readOwner } from './owner'
import { appMeshQueries } from './promql'
import { describeRoute, readRouted, type MeshRefKey, type Routed } from './read'
import { appMeshServices, MATCHES_REASON, splitOfRouted } from './services'
import { revisionOf, splitOf, withWeights } from './split'

type AppMeshRead = { mesh: MeshRefKey; routed: Routed }
/** The route to rewrite (none for a node-provided service) and the percents per virtual node. */
type AppMeshChange = { route: RouteData | null; percents: Map<string, number> }

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
    const routed = await readRouted(source, mesh, service.name, signal)
    const split = splitOfRouted(routed)
    if (!split)
      throw new NotFoundError(
        `${source.ref.name}: virtual service ${service.name} has no weighted route`,
      )
    const { object } = previewOf(routed, mesh.meshName, null)
    // A virtual service provided by a node has no route Meshpane writes, so nothing to own.
    const arn = 'router' in routed ? routed.owned?.metadata?.arn : undefined
    const owner = arn ? await readOwner(source, arn, signal) : undefined
    return { split, object, ...(owner && { owner }), native: { mesh, routed } }
  },

  plan({ split, native: { mesh, routed } }, desired) {
    if (desired.matches?.length) throw matchesRefusal(MATCHES_REASON)
    const percents = new Map(desired.backends.map((b) => [b.name, b.weight]))
    const route = 'router' in routed ? routed.owned! : null
    return {
      changes: split.backends.some((b) => percents.get(b.name) !== b.weight),
      preview: previewOf(routed, mesh.meshName, percents),
      change: { route, percents },
    }
  },

  async write({ split, native: { mesh } }, { route, percents }, source, signal) {
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
      spec: withWeights(fresh.spec!, percents),
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
    return { split: splitOf(written), ...(warnings && { warnings }) }
  },

  metricQueries: appMeshQueries,
}

/** The owned route (or, for a node-provided service, the virtual service) before and after. */
function previewOf(routed: Routed, meshName: string, percents: Map<string, number> | null) {
  if ('router' in routed) {
    const route = routed.owned!
    return routePreview(route, percents ? withWeights(route.spec!, percents) : route.spec!)
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
