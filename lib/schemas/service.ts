import { z } from 'zod'
import { MeshKind } from './mesh'
import { SplitBackend } from './split'

/** A version traffic can go to (a subset, a backend service, a virtual node) and how ready it is. */
export const Backend = SplitBackend.extend({
  readyReplicas: z.number().int().nonnegative(),
  replicas: z.number().int().nonnegative(),
})
export type Backend = z.infer<typeof Backend>

/** A native object that routes the service; `active` marks the one whose weights Meshpane writes. */
export const RoutingObject = z.object({
  kind: z.string(),
  apiVersion: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
  active: z.boolean(),
})
export type RoutingObject = z.infer<typeof RoutingObject>

export const MeshService = z.object({
  id: z.string(),
  meshId: z.string(),
  meshKind: MeshKind,
  name: z.string(),
  namespace: z.string(),
  backends: z.array(Backend),
  revision: z.string(),
  routing: z.array(RoutingObject),
})
export type MeshService = z.infer<typeof MeshService>

export const ServiceList = z.object({ items: z.array(MeshService) })
export type ServiceList = z.infer<typeof ServiceList>
