import 'server-only'
import { z } from 'zod'
import { customResource } from '@/server/adapters/k8s/objects'

/**
 * The slices of Istio's networking objects this adapter reads, identical in v1, v1beta1 and
 * v1alpha3. Unknown fields are kept as they are; the fields read are checked, so an object that
 * does not fit is skipped with a problem instead of breaking the mesh's listing.
 */

/** Route weights are int32 and relative (share = weight / sum); 0 sends nothing. */
const Weight = z.number().int().min(0).max(2_147_483_647)

export const Destination = z.looseObject({
  host: z.string().min(1),
  subset: z.string().min(1).optional(),
  port: z.looseObject({ number: z.number().int().optional() }).optional(),
})
export const RouteDestination = z.looseObject({
  destination: Destination,
  weight: Weight.optional(),
})
export type RouteDestination = z.infer<typeof RouteDestination>

/** StringMatch: exactly one of these is set. */
export const StringMatch = z.looseObject({
  exact: z.string().optional(),
  prefix: z.string().optional(),
  regex: z.string().optional(),
})
export type StringMatch = z.infer<typeof StringMatch>

export const HttpMatchRequest = z.looseObject({
  headers: z.record(z.string(), StringMatch).optional(),
})
export type HttpMatchRequest = z.infer<typeof HttpMatchRequest>

export const HttpRoute = z.looseObject({
  name: z.string().optional(),
  match: z.array(HttpMatchRequest).optional(),
  route: z.array(RouteDestination).optional(),
})
export type HttpRoute = z.infer<typeof HttpRoute>

export const VirtualService = customResource(
  'VirtualService',
  z.looseObject({
    hosts: z.array(z.string()).optional(),
    gateways: z.array(z.string()).optional(),
    http: z.array(HttpRoute).optional(),
  }),
)
export type VirtualService = z.infer<typeof VirtualService>

export const Subset = z.looseObject({
  name: z.string().min(1),
  labels: z.record(z.string(), z.string()).optional(),
})
export const DestinationRule = customResource(
  'DestinationRule',
  z.looseObject({ host: z.string().min(1), subsets: z.array(Subset).optional() }),
)
export type DestinationRule = z.infer<typeof DestinationRule>

/** A backend is the destination's subset (or its host when it names none). */
export const backendName = (d: RouteDestination) => d.destination.subset ?? d.destination.host
