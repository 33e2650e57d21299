import { z } from 'zod'
import { MeshKind } from './mesh'
import { Health, ServiceMetricsSummary } from './metrics'
import { Owner } from './owner'
import { Problem } from './problem'
import { CandidateBackend, SplitBackend } from './split'

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
  /** RFC 3339; on a conflict between routing objects the oldest wins (server precedence rules). */
  createdAt: z.string().optional(),
})
export type RoutingObject = z.infer<typeof RoutingObject>

/**
 * Whether the signed-in user may change the split, as the cluster's access review answers for the
 * exact object Meshpane writes; `reason` is the cluster's (why not, or which binding allows it).
 */
export const WriteCapability = z.object({ allowed: z.boolean(), reason: z.string().optional() })
export type WriteCapability = z.infer<typeof WriteCapability>

/** What the service's mesh (and API version) can express; `reason` says why not, for the UI. */
export const ServiceCapabilities = z.object({
  matches: z.boolean(),
  reason: z.string().optional(),
  /** Absent without sign-in (Meshpane acts as itself). */
  write: WriteCapability.optional(),
})
export type ServiceCapabilities = z.infer<typeof ServiceCapabilities>

export const MeshService = z.object({
  id: z.string(),
  meshId: z.string(),
  meshKind: MeshKind,
  name: z.string(),
  namespace: z.string(),
  backends: z.array(Backend),
  /** Versions the route does not name yet, with readiness; `reason` marks one that cannot be moved. */
  candidates: z.array(CandidateBackend).optional(),
  revision: z.string(),
  routing: z.array(RoutingObject),
  owner: Owner.optional(),
  capabilities: ServiceCapabilities.optional(),
  /** Set when the routing API is archived or deprecated (SMI), as its mesh's: a badge; the mesh's notice says why. */
  deprecated: z.string().optional(),
  /** Current request rate, success rate and p99 (service lists only, when Prometheus answers). */
  metrics: ServiceMetricsSummary.optional(),
  /** Canary health (service lists only, when Prometheus answers). */
  health: Health.optional(),
  /** Objects that route this service but were skipped: they do not fit their kind's schema. */
  problems: z.array(Problem).optional(),
})
export type MeshService = z.infer<typeof MeshService>

/** A mesh's services, and the routing objects skipped because they do not fit their schema. */
export const ServiceList = z.object({
  items: z.array(MeshService),
  problems: z.array(Problem),
  /**
   * Set when the signed-in person may not list every kind across the cluster: the list holds what
   * they may read namespace by namespace, and says so.
   */
  partial: z.string().optional(),
  /**
   * Set when the cluster has stopped answering: the list is its last-known state, and this says
   * since when and why.
   */
  stale: z.string().optional(),
})
export type ServiceList = z.infer<typeof ServiceList>
