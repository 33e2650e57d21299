import 'server-only'
import type { Mesh } from '@/lib/schemas'
import {
  promRegexLiteral,
  promString,
  type MetricQueries,
  type ServiceSelector,
} from '@/server/metrics/queries'

/** An upstream cluster of OSM's Envoy, `<namespace>/<service>|<port>` (not `|local`, not OSM's own). */
const upstream = (namespace = '[^/|]+') => `(${namespace})/([^/|]+)\\|[0-9]+`
const BY = 'backend_namespace, backend_service'

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
  const matchers = (s?: ServiceSelector, extra?: string) =>
    [
      `cluster="${promString(mesh.source.name)}"`,
      `envoy_cluster_name=~"${promString(upstream(s && promRegexLiteral(s.namespace)))}"`,
      extra,
    ]
      .filter(Boolean)
      .join(',')
  const named = (inner: string) =>
    `label_replace(label_replace(${inner}, "backend_namespace", "$1", "envoy_cluster_name", "${promString(upstream())}"), "backend_service", "$2", "envoy_cluster_name", "${promString(upstream())}")`
  // The per-cluster sums first (few series), then the labels cut out of the name, then the sum.
  const perBackend = (metric: string, w: string, s?: ServiceSelector, extra?: string, le = '') =>
    `sum by (${le}${BY}) (${named(`sum by (${le}envoy_cluster_name) (rate(${metric}{${matchers(s, extra)}}[${w}]))`)})`
  return {
    by: { namespace: 'backend_namespace', backend: 'backend_service' },
    requests: (w, s) => perBackend('envoy_cluster_upstream_rq_xx', w, s),
    successes: (w, s) =>
      perBackend('envoy_cluster_upstream_rq_xx', w, s, 'envoy_response_code_class!="5"'),
    latency: (q, w, s) =>
      `histogram_quantile(${q}, ${perBackend('envoy_cluster_upstream_rq_time_bucket', w, s, undefined, 'le, ')})`,
  }
}
