import { z } from 'zod'

/** How a native object is named: in previews, change records and problems. */
export const ObjectRef = z.object({
  kind: z.string(),
  apiVersion: z.string(),
  namespace: z.string().optional(),
  name: z.string(),
})
export type ObjectRef = z.infer<typeof ObjectRef>

/**
 * A native object Meshpane skipped because it does not fit its kind's schema (a route without a
 * destination, weights as strings): the rest of the mesh still lists. `message` names each field
 * path and why, e.g. `spec.http.0.route.0.destination: is required`.
 */
export const Problem = z.object({ object: ObjectRef, message: z.string() })
export type Problem = z.infer<typeof Problem>
