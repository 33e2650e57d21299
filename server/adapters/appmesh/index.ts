import 'server-only'
import { randomUUID } from 'node:crypto'
import { UpdateRouteCommand } from '@aws-sdk/client-app-mesh'
import { stringify } from 'yaml'
import type { ServiceKey } from '@/lib/ids'
import type { MeshAdapter } from '@/server/adapters/contract'
import { checkBackendNames, parseDesired } from '@/server/adapters/desired'
import { matchesRefusal } from '@/server/adapters/matches'
import { ConflictError, NotFoundError } from '@/server/errors'
import type { AwsSource } from '@/server/sources/aws'
import { awsCall } from '@/server/sources/aws-call'
import { discoverMeshes } from './discover'
import { APPMESH_API, parseMeshKeyName, type RouteData } from './native'
import { routePreview } from './preview'
import { appMeshQueries } from './promql'
import { describeRoute, readRouted, type MeshRefKey } from './read'
import { appMeshServices, MATCHES_REASON, splitOfRouted } from './services'
import { revisionOf, splitOf, withWeights } from './split'

/** What applySplit needs from planSplit: the route to rewrite (none for a node-provided service). */
type AppMeshPlan = { mesh: MeshRefKey; route: RouteData | null; percents: Map<string, number> }

async function readService(service: ServiceKey, source: AwsSource, signal: AbortSignal) {
  const mesh = parseMeshKeyName(service.mesh.name)
  const routed = await readRouted(source, mesh, service.name, signal)
  const split = splitOfRouted(routed)
  if (!split)
    throw new NotFoundError(
      `${source.ref.name}: virtual service ${service.name} has no weighted route`,
    )
  return { mesh, routed, split }
}

/**
 * AWS App Mesh: services are virtual services; the split is the weighted targets of the owned
 * route of their virtual router. App Mesh has no write precondition, so the route's version is
 * compared right before UpdateRoute (see README for the race that remains).
 */
export const appMeshAdapter: MeshAdapter<AwsSource> = {
  kind: 'appmesh',
  sourceKinds: ['aws'],
  discover: discoverMeshes,
  services: appMeshServices,

  async readSplit(service, source, signal) {
    return (await readService(service, source, signal)).split
  },

  async planSplit(service, source, desired, signal) {
    const parsed = parseDesired(desired)
    if (parsed.matches?.length) throw matchesRefusal(MATCHES_REASON)
    const { mesh, routed, split: current } = await readService(service, source, signal)
    checkBackendNames(parsed, current)
    const percents = new Map(parsed.backends.map((b) => [b.name, b.weight]))
    const changes = current.backends.some((b) => percents.get(b.name) !== b.weight)
    const route = 'router' in routed ? routed.owned! : null
    const native: AppMeshPlan = { mesh, route, percents }
    const preview = route
      ? routePreview(route, withWeights(route.spec!, percents))
      : nodePreview(
          routed.service.virtualServiceName!,
          mesh.meshName,
          stringify(routed.service.spec),
        )
    return { service, desired: parsed, current, changes, preview, native }
  },

  async applySplit(plan, source, signal) {
    const { desired, current } = plan
    if (current.revision !== desired.revision) throw new ConflictError(current)
    const { mesh, route, percents } = plan.native as AppMeshPlan
    if (!plan.changes || !route) return current
    // No precondition exists in App Mesh: re-read just before writing, so only a writer within this gap is missed.
    const fresh = await describeRoute(
      source,
      mesh,
      route.virtualRouterName!,
      route.routeName!,
      signal,
    )
    if (revisionOf(fresh) !== desired.revision) throw new ConflictError(splitOf(fresh))
    const input = {
      ...mesh,
      virtualRouterName: fresh.virtualRouterName!,
      routeName: fresh.routeName!,
      spec: withWeights(fresh.spec!, percents),
      clientToken: randomUUID(), // one token for every retry of this write: AWS applies it once
    }
    const written = await awsCall(source, signal, (c, o) =>
      c.send(new UpdateRouteCommand(input), o),
    )
    return splitOf(written.route!)
  },

  metricQueries: appMeshQueries,
}

function nodePreview(name: string, meshName: string, yaml: string) {
  return {
    object: { kind: 'VirtualService', apiVersion: APPMESH_API, namespace: meshName, name },
    before: yaml,
    after: yaml,
  }
}
