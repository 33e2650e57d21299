import 'server-only'
import type { GraphQuery, Mesh, ServiceGraph, SourceError } from '@/lib/schemas'
import { TtlCache } from '@/server/cache/ttl-cache'
import type { Inventory } from '@/server/inventory'
import type { Metrics } from '@/server/metrics'
import { MetricsUnavailableError, type PrometheusClient } from '@/server/metrics/prometheus-client'
import { assembleGraph, type MeshPart } from './assemble'
import { meshEdges, type MeshEdges } from './mesh-edges'

/** Meshes × windows kept: each answer holds one row per caller and backend. */
const CACHED_ANSWERS = 256

const sourceError = (mesh: Mesh, message: string): SourceError => ({
  sourceId: mesh.source.id,
  sourceName: mesh.source.name,
  message,
})

/**
 * The service graph: every mesh's services (from the inventory) joined by the edges its proxies'
 * metrics give, six mesh-wide queries per mesh (mesh-edges.ts) plus the three of the canary
 * verdicts the mesh pages already share, so the number of queries grows with meshes, never with
 * services. A mesh whose source or Prometheus fails leaves its error and the rest of the graph.
 */
export class GraphReader {
  private readonly edges: TtlCache<MeshEdges>

  constructor(
    private readonly client: PrometheusClient | null,
    cacheMs: number,
  ) {
    this.edges = new TtlCache(cacheMs, CACHED_ANSWERS)
  }

  /**
   * The graph as `inventory` sees it. `personal`: a signed-in person's view, where a caller that is
   * none of the services they may read is drawn as its cluster's `unknown`, never by its name.
   */
  async read(
    inventory: Inventory,
    metrics: Metrics,
    query: GraphQuery,
    personal = false,
  ): Promise<ServiceGraph> {
    const listed = await inventory.listMeshes()
    const meshes = listed.items.filter(
      (m) =>
        (!query.sources?.length || query.sources.includes(m.source.name)) &&
        (!query.meshes?.length || query.meshes.includes(m.kind)),
    )
    const errors: SourceError[] = listed.errors.filter(
      (e) => !query.sources?.length || query.sources.includes(e.sourceName),
    )
    let unavailable: string | undefined = this.client
      ? undefined
      : 'no Prometheus is configured (prometheus.url in the Meshpane config)'
    const parts = await Promise.all(
      meshes.map(async (mesh): Promise<MeshPart | null> => {
        try {
          const { adapter } = await inventory.getMesh(mesh.id)
          const services = (await inventory.listServices(mesh.id)).filter(
            (s) => !query.namespaces?.length || query.namespaces.includes(s.namespace),
          )
          const queries = adapter.metricQueries?.(mesh) ?? null
          if (!this.client || !queries)
            return { mesh, queries, services, edges: null, health: null }
          const [edges, health] = await Promise.all([
            this.edges.get(`${mesh.id}|${query.window}`, () =>
              meshEdges(queries, query.window, (q) => this.client!.query(q)),
            ),
            metrics.summaries(mesh, queries, services),
          ])
          return { mesh, queries, services, edges, health }
        } catch (err) {
          if (err instanceof MetricsUnavailableError) unavailable = err.reason
          else errors.push(sourceError(mesh, (err as Error).message))
          return null
        }
      }),
    )
    const found = parts.filter((p): p is MeshPart => p !== null)
    const sourceNames = new Set(inventory.sources.map((s) => s.ref.name))
    return {
      window: query.window,
      ...assembleGraph(found, sourceNames, personal),
      errors,
      metricsAvailable: !unavailable,
      ...(unavailable && { metricsUnavailableReason: unavailable }),
    }
  }
}
