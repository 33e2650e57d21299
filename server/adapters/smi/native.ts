import 'server-only'
import { z } from 'zod'
import { parseQuantity } from '@/lib/native-weights'
import { customResource } from '@/server/adapters/k8s/objects'

/**
 * SMI's TrafficSplit as every spec version spells it: every version is served from one stored
 * copy, so a split written as v1alpha1 keeps its quantity weights (`900m`) whatever version is read.
 */
const WEIGHT = 'must be a whole number, or a quantity such as 500m'
const Weight = z.union(
  [
    z.number().int().min(0),
    z.string().refine((q) => (parseQuantity(q) ?? -1) >= 0, { error: WEIGHT }),
  ],
  { error: WEIGHT },
)

export const TrafficSplit = customResource(
  'TrafficSplit',
  z.looseObject({
    /** The root Service: `<name>`, or as OSM's demo writes it, `<name>.<namespace>`. */
    service: z.string().min(1),
    backends: z.array(z.looseObject({ service: z.string().min(1), weight: Weight })).min(1),
    matches: z.array(z.unknown()).optional(),
  }),
)
export type TrafficSplit = z.infer<typeof TrafficSplit>

/**
 * The Service a root names: its first label (OSM reads `bookstore.bookstore` and
 * `bookstore.bookstore.svc.cluster.local` as bookstore), in the TrafficSplit's own namespace.
 */
export const rootServiceName = (root: string) => root.split('.')[0]!.split(':')[0]!
