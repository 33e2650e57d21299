import 'server-only'
import type { Mesh } from '@/lib/schemas'
import type { MetricQueries } from '@/server/metrics/queries'

const BY = 'destination_service_namespace, destination_service_name, destination_version'

/**
 * Istio's standard metrics as reported by the destination's sidecar (Flagger's choice: it sees
 * every request that reached the workload, wherever it came from). A backend is a subset, whose
 * pods carry the subset's `version` label: the subset name is taken to be that version.
 * `cluster` is the target label of the shared Prometheus (one per source: the context name).
 */
export function istioQueries(mesh: Mesh): MetricQueries {
  const base = (extra = '') =>
    [`reporter="destination"`, `cluster="${mesh.source.name.replace(/["\\]/g, '\\$&')}"`, extra]
      .filter(Boolean)
      .join(',')
  return {
    by: {
      namespace: 'destination_service_namespace',
      service: 'destination_service_name',
      backend: 'destination_version',
    },
    requests: (w, s) => `sum by (${BY}) (rate(istio_requests_total{${base(s)}}[${w}]))`,
    successes: (w, s) =>
      `sum by (${BY}) (rate(istio_requests_total{${base(s)},response_code!~"5.."}[${w}]))`,
    latency: (q, w, s) =>
      `histogram_quantile(${q}, sum by (le, ${BY}) (rate(istio_request_duration_milliseconds_bucket{${base(s)}}[${w}])))`,
  }
}
