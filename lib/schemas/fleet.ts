import { z } from 'zod'
import { MeshKind, SourceError } from './mesh'
import { HealthStatus } from './metrics'
import { MeshService } from './service'
import { SourceRef } from './source'

/** A service of the fleet-wide list: the service, and where it lives (its source and mesh). */
export const FleetService = MeshService.extend({ source: SourceRef, meshName: z.string() })
export type FleetService = z.infer<typeof FleetService>

/** One page of `GET /api/v1/services`; `errors` names each source or mesh that could not be listed. */
export const FleetServiceList = z.object({
  items: z.array(FleetService),
  /** How many services match the filters, over every page. */
  total: z.number().int().nonnegative(),
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor: z.string().optional(),
  errors: z.array(SourceError),
})
export type FleetServiceList = z.infer<typeof FleetServiceList>

const Name = z.string().trim().max(253, { error: 'must be at most 253 characters' })

/** The filters of `GET /api/v1/services`, ordered by name, then namespace, source and mesh kind. */
export const FleetServiceQuery = z
  .object({
    /** Part of the name or namespace, case-insensitive. */
    q: Name.optional(),
    meshKind: MeshKind.optional(),
    /** A source's id or name. */
    source: Name.optional(),
    namespace: Name.optional(),
    /** `unknown` includes services Prometheus has no figures for. */
    health: HealthStatus.optional(),
    /** true: traffic is split over two or more backends (a canary is running); false: one takes it all. */
    hasCanary: z
      .enum(['true', 'false'], { error: 'must be true or false' })
      .transform((v) => v === 'true')
      .optional(),
    limit: z.coerce
      .number({ error: 'must be a number' })
      .int({ error: 'must be a whole number' })
      .min(1, { error: 'must be at least 1' })
      .max(500, { error: 'must be at most 500' })
      .default(100),
    cursor: z.string().max(512, { error: 'is not a cursor this API gave out' }).optional(),
  })
  .strict()
export type FleetServiceQuery = z.infer<typeof FleetServiceQuery>

/** The same filters as a client sends them: query-string values. */
export type FleetSearch = Partial<Record<keyof FleetServiceQuery, string>>
