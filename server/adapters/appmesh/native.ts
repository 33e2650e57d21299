import 'server-only'
import type { RouteData, RouteSpec, WeightedTarget } from '@aws-sdk/client-app-mesh'
import { z } from 'zod'
import type { ObjectRef } from '@/lib/schemas'

/** App Mesh's own shapes, as the SDK models them; nothing outside this folder sees them. */
export type { RouteData, RouteSpec, WeightedTarget }

export const ROUTE_KINDS = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const
export type RouteKind = (typeof ROUTE_KINDS)[number]

/** The API version every App Mesh resource lives in: what previews and routing objects name. */
export const APPMESH_API = 'appmesh/2019-01-25'

/** 1–10 targets per route, 0–100 each, relative. */
const Action = z.looseObject({
  weightedTargets: z
    .array(
      z.looseObject({
        virtualNode: z.string().min(1),
        weight: z.number().int().min(0).max(100),
        port: z.number().int().optional(),
      }),
    )
    .min(1)
    .max(10),
})
const RouteOfKind = z.looseObject({ action: Action }).optional()

/**
 * The fields of a route Meshpane reads, checked before it reads them (the SDK types every field as
 * optional): a route that does not fit is skipped with a problem, the router's others still read.
 */
export const RouteShape = z.looseObject({
  routeName: z.string().min(1),
  virtualRouterName: z.string().min(1),
  spec: z.looseObject({
    priority: z.number().int().min(0).max(1000).optional(),
    httpRoute: RouteOfKind,
    http2Route: RouteOfKind,
    grpcRoute: RouteOfKind,
    tcpRoute: RouteOfKind,
  }),
})

/** How previews and problems name a route: `<router>/<route>` in its mesh. */
export const routeRef = (route: RouteData): ObjectRef => ({
  kind: 'Route',
  apiVersion: APPMESH_API,
  namespace: route.meshName,
  name: `${route.virtualRouterName}/${route.routeName}`,
})

/** AWS ended App Mesh support on this day; ECS Service Connect and VPC Lattice replace it. */
export const APPMESH_END_OF_SUPPORT = '2026-09-30'

/**
 * The mesh part of ids: a mesh is named by its name and owner account, since an account may see
 * its own `shop` and a `shop` shared with it by another account in the same region.
 */
export const meshKeyName = (meshName: string, meshOwner: string) => `${meshName}@${meshOwner}`

export function parseMeshKeyName(name: string): { meshName: string; meshOwner: string } {
  const at = name.lastIndexOf('@')
  return { meshName: name.slice(0, at), meshOwner: name.slice(at + 1) }
}
