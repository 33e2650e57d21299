import 'server-only'
import { MetricsQuery, type MeshService, type ServiceMetrics } from '@/lib/schemas'
import { ValidationError } from '@/server/errors'
import type { Inventory } from '@/server/inventory'
import { durationSeconds } from './durations'
import type { Metrics } from './metrics'

const seconds = (duration: string) => durationSeconds(duration)!

const RangeQuery = MetricsQuery.transform((q) => ({
  range: seconds(q.range),
  step: seconds(q.step),
})).refine((q) => q.range / q.step <= 11_000, {
  error: 'range/step gives more than 11,000 points',
  path: ['step'],
})

/** GET /api/v1/services/{id}/metrics?range=15m&step=15s. */
export async function serviceMetrics(
  inventory: Inventory,
  metrics: Metrics,
  id: string,
  params: URLSearchParams,
): Promise<ServiceMetrics> {
  const parsed = RangeQuery.safeParse(Object.fromEntries(params))
  if (!parsed.success)
    throw new ValidationError(
      parsed.error.issues.map((i) => ({ field: i.path.join('.'), message: i.message })),
    )
  // The service as the mesh that routes it lists it: its mesh's queries name its backends.
  const service = await inventory.getService(id)
  const { mesh, adapter } = await inventory.getMesh(service.meshId)
  return metrics.serviceMetrics(
    mesh,
    adapter.metricQueries?.(mesh) ?? null,
    service,
    parsed.data.range,
    parsed.data.step,
  )
}

/** A mesh's services with their list figures and health, when Prometheus has them. */
export async function withMetrics(
  inventory: Inventory,
  metrics: Metrics,
  meshIdValue: string,
  services: MeshService[],
): Promise<MeshService[]> {
  const { mesh, adapter } = await inventory.getMesh(meshIdValue)
  const summaries = await metrics.summaries(mesh, adapter.metricQueries?.(mesh) ?? null, services)
  return summaries ? services.map((s) => ({ ...s, ...summaries.get(s.id) })) : services
}
