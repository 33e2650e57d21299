import { z } from 'zod'
import { MeshKind, SourceError } from './mesh'
import { HealthStatus } from './metrics'

/** The rate windows the graph may be asked for (each a PromQL duration). */
export const GraphWindow = z.enum(['1m', '5m', '15m', '30m', '1h'])
export type GraphWindow = z.infer<typeof GraphWindow>

const list = <T extends z.ZodType<string, string>>(item: T) =>
  z
    .string()
    .max(2000)
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(item).max(64))

/** `GET /api/v1/graph` query: comma-separated filters (none: everything), and the rate window. */
export const GraphQuery = z.object({
  sources: list(z.string().min(1).max(253)).optional(),
  meshes: list(MeshKind).optional(),
  namespaces: list(z.string().min(1).max(253)).optional(),
  window: GraphWindow.default('1m'),
})
export type GraphQuery = z.infer<typeof GraphQuery>

/** Requests per second, success 0–1 and latencies in ms over the window; null = no requests. */
export const GraphFigures = z.object({
  rps: z.number().nonnegative(),
  successRate: z.number().min(0).max(1).nullable(),
  p95: z.number().nonnegative().nullable(),
  p99: z.number().nonnegative().nullable(),
})
export type GraphFigures = z.infer<typeof GraphFigures>

/**
 * `service`: a mesh's routable service; `version`: one of its backends; `workload`: a caller that
 * is no service of the mesh; `unknown`: callers outside the mesh, one per cluster.
 */
export const GraphNodeKind = z.enum(['service', 'version', 'workload', 'unknown'])
export type GraphNodeKind = z.infer<typeof GraphNodeKind>

export const GraphNode = z.object({
  id: z.string(),
  kind: GraphNodeKind,
  name: z.string(),
  namespace: z.string(),
  /** The source (kube context, AWS account×region) it runs in. */
  cluster: z.string(),
  meshKind: MeshKind.optional(),
  meshId: z.string().optional(),
  /** The service's id (its page), for services and their versions. */
  serviceId: z.string().optional(),
  /** A service's backends, by name. */
  versions: z.array(z.string()).optional(),
  /** The requests it received over the window (nothing: it only calls). */
  figures: GraphFigures.optional(),
  /** The canary verdict where the service has one (unknown without figures). */
  health: HealthStatus.optional(),
})
export type GraphNode = z.infer<typeof GraphNode>

/** `call`: caller → service; `version`: service → the backend its requests went to. */
export const GraphEdge = z.object({
  id: z.string(),
  kind: z.enum(['call', 'version']),
  source: z.string(),
  target: z.string(),
  figures: GraphFigures,
  /** The two ends run in different clusters. */
  crossCluster: z.boolean(),
})
export type GraphEdge = z.infer<typeof GraphEdge>

export const ServiceGraph = z.object({
  window: GraphWindow,
  nodes: z.array(GraphNode),
  edges: z.array(GraphEdge),
  /** Sources that failed, and meshes whose figures Prometheus could not give: the rest still stands. */
  errors: z.array(SourceError),
  /** False when no Prometheus is configured or it did not answer: nodes without edges. */
  metricsAvailable: z.boolean(),
  metricsUnavailableReason: z.string().optional(),
})
export type ServiceGraph = z.infer<typeof ServiceGraph>
