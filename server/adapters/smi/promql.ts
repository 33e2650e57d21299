import 'server-only'
import type { Mesh } from '@/lib/schemas'
import {
  derivedQueries,
  promRegexLiteral,
  promString,
  type MetricQueries,
  type ServiceSelector,
} from '@/server/metrics/queries'

/** An upstream cluster of OSM's Envoy, `<namespace>/<service>|<port>` (not `|local`, not OSM's own). */
const upstream = (namespace = '[^/|]+') => `(${namespace})/([^/|]+)\\|[0-9]+`

/**
 * SMI as Open Service Mesh implements it: the caller's Envoy applies the TrafficSplit, sending the
 * root Service's requests to the backend Services' clusters (`<ns>/<svc>|<port>`, OSM's naming),
 * so those clusters' stats are the split as applied; the namespace and backend Service are cut out
 * of the name (`label_replace`). The root is in no Envoy stat, so figures are per backend Service
 * (no `by.service`), and include callers that address a backend directly. Requests and successes
 * come from `envoy_cluster_upstream_rq_xx`, which OSM's own Prometheus config keeps; latency needs
 * `envoy_cluster_upstream_rq_time_bucket` kept too. `cluster` is the shared Prometheus' target label.
 */
export function smiQueries(mesh: Mesh): MetricQueries {
  return derivedQueries({
    by: { namespace: 'backend_namespace', backend: 'backend_service' },
    // The caller is the pod whose Envoy counted: its namespace and `app` label (target labels).
    callers: { app: 'app', namespace: 'namespace' },
    // The per-cluster sums first (few series), then the labels cut out of the name, then the sum.
    inner: 'envoy_cluster_name',
    derive: (e) =>
      `label_replace(label_replace(${e}, "backend_namespace", "$1", "envoy_cluster_name", "${promString(upstream())}"), "backend_service", "$2", "envoy_cluster_name", "${promString(upstream())}")`,
    matchers: (s?: ServiceSelector) => [
      `cluster="${promString(mesh.source.name)}"`,
      `envoy_cluster_name=~"${promString(upstream(s && promRegexLiteral(s.namespace)))}"`,
    ],
    responses: 'envoy_cluster_upstream_rq_xx',
    success: 'envoy_response_code_class!="5"',
    latencyBuckets: 'envoy_cluster_upstream_rq_time_bucket',
  })
}
