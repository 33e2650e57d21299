import 'server-only'
import type { Mesh } from '@/lib/schemas'
import {
  groupingOf,
  promString,
  type MetricQueries,
  type ServiceSelector,
} from '@/server/metrics/queries'

/**
 * Istio's standard metrics as reported by the destination's sidecar (Flagger's choice: it sees
 * every request that reached the workload, wherever it came from); `destination_service_name` is
 * the Service the caller addressed. `backend` is the label that tells the backends apart: for
 * subsets (the default) the pods' `version` label, the subset name being taken to be that version.
 * `cluster` is the target label of the shared Prometheus (one per source: the context name).
 */
export function istioQueries(
  mesh: Mesh,
  backend: 'destination_version' | 'destination_workload' = 'destination_version',
): MetricQueries {
  const labels = {
    namespace: 'destination_service_namespace',
    service: 'destination_service_name',
    backend,
  }
  const base = (s?: ServiceSelector, extra?: string) =>
    [
      `reporter="destination"`,
      `cluster="${promString(mesh.source.name)}"`,
      s && `destination_service_namespace="${promString(s.namespace)}"`,
      s && `destination_service_name="${promString(s.name)}"`,
      extra,
    ]
      .filter(Boolean)
      .join(',')
  return {
    by: labels,
    // `unknown` for requests from outside the mesh, as Istio reports them.
    callers: {
      app: 'source_app',
      namespace: 'source_workload_namespace',
      cluster: 'source_cluster',
      destinationCluster: 'destination_cluster',
    },
    requests: (w, s, g) =>
      `sum by (${groupingOf(labels, g)}) (rate(istio_requests_total{${base(s)}}[${w}]))`,
    successes: (w, s, g) =>
      `sum by (${groupingOf(labels, g)}) (rate(istio_requests_total{${base(s, 'response_code!~"5.."')}}[${w}]))`,
    latency: (q, w, s, g) =>
      `histogram_quantile(${q}, sum by (le, ${groupingOf(labels, g)}) (rate(istio_request_duration_milliseconds_bucket{${base(s)}}[${w}])))`,
  }
}
