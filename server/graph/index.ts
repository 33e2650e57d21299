import 'server-only'
import { GraphQuery, type ServiceGraph } from '@/lib/schemas'
import { loadConfig } from '@/server/config/config'
import { ValidationError } from '@/server/errors'
import type { Inventory } from '@/server/inventory'
import type { Metrics } from '@/server/metrics'
import { PrometheusClient } from '@/server/metrics/prometheus-client'
import { GraphReader } from './graph'

export { GraphReader } from './graph'

let shared: GraphReader | undefined

/** The process-wide graph reader, on the config's `prometheus` section (none: nodes only). */
export function getGraphReader(): GraphReader {
  if (!shared) {
    const p = loadConfig().prometheus
    shared = new GraphReader(p ? new PrometheusClient(p) : null, 3000)
  }
  return shared
}

/** GET /api/v1/graph?sources=&meshes=&namespaces=&window=: 400 naming the field on bad input. */
export function serviceGraph(
  reader: GraphReader,
  inventory: Inventory,
  metrics: Metrics,
  params: URLSearchParams,
  personal = false,
): Promise<ServiceGraph> {
  const parsed = GraphQuery.safeParse(Object.fromEntries(params))
  if (!parsed.success)
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    )
  return reader.read(inventory, metrics, parsed.data, personal)
}
