import 'server-only'
import {
  DescribeRouteCommand,
  DescribeVirtualServiceCommand,
  ListRoutesCommand,
  type RouteRef,
  type VirtualServiceData,
} from '@aws-sdk/client-app-mesh'
import type { Problem } from '@/lib/schemas'
import { misfit } from '@/server/adapters/problems'
import type { AwsSource } from '@/server/sources/aws'
import { awsCall } from '@/server/sources/aws-call'
import { listAll } from './list-all'
import { routeRef, RouteShape, type RouteData } from './native'
import { ownedRoute } from './split'

/** Where a mesh's resources are asked for: its name, and its owner for a shared mesh. */
export type MeshRefKey = { meshName: string; meshOwner: string }

/**
 * A virtual service as routed: by a router (with its routes, one owned, and the problems of
 * those that do not fit their schema, which are left out) or straight to a node.
 */
export type Routed =
  | {
      service: VirtualServiceData
      router: string
      routes: RouteData[]
      owned: RouteData | undefined
      problems: Problem[]
    }
  | { service: VirtualServiceData; node: string | undefined }

export async function describeRoute(
  source: AwsSource,
  mesh: MeshRefKey,
  router: string,
  routeName: string,
  signal: AbortSignal,
): Promise<RouteData> {
  const input = { ...mesh, virtualRouterName: router, routeName }
  const out = await awsCall(source, signal, (c, o) => c.send(new DescribeRouteCommand(input), o))
  return out.route!
}

/** A virtual service with its provider resolved, and for a router, every route read in full. */
export async function readRouted(
  source: AwsSource,
  mesh: MeshRefKey,
  virtualServiceName: string,
  signal: AbortSignal,
): Promise<Routed> {
  const described = await awsCall(source, signal, (c, o) =>
    c.send(new DescribeVirtualServiceCommand({ ...mesh, virtualServiceName }), o),
  )
  const service = described.virtualService!
  const provider = service.spec?.provider
  const router = provider?.virtualRouter?.virtualRouterName
  if (!router) return { service, node: provider?.virtualNode?.virtualNodeName }
  const refs = await listAll<RouteRef>(async (nextToken) => {
    const out = await awsCall(source, signal, (c, o) =>
      c.send(
        new ListRoutesCommand({ ...mesh, virtualRouterName: router, nextToken, limit: 100 }),
        o,
      ),
    )
    return { items: out.routes, nextToken: out.nextToken }
  })
  const all = await Promise.all(
    refs.map((r) => describeRoute(source, mesh, router, r.routeName!, signal)),
  )
  const routes: RouteData[] = []
  const problems: Problem[] = []
  for (const route of all) {
    const message = misfit(RouteShape, route)
    if (message) problems.push({ object: routeRef(route), message })
    else routes.push(route)
  }
  return { service, router, routes, owned: ownedRoute(routes), problems }
}
