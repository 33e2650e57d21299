import 'server-only'
import type { RouteData, RouteSpec, WeightedTarget } from '@aws-sdk/client-app-mesh'

/** App Mesh's own shapes, as the SDK models them; nothing outside this folder sees them. */
export type { RouteData, RouteSpec, WeightedTarget }

export const ROUTE_KINDS = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'] as const
export type RouteKind = (typeof ROUTE_KINDS)[number]

/** The API version every App Mesh resource lives in: what previews and routing objects name. */
export const APPMESH_API = 'appmesh/2019-01-25'

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
