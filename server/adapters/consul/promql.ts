import 'server-only'
import type { Mesh } from '@/lib/schemas'
import {
  derivedQueries,
  promString,
  type MetricQueries,
  type ServiceSelector,
} from '@/server/metrics/queries'

/**
 * Consul's Envoy as the caller's sidecar reports it: the caller applies the ServiceSplitter, and
 * `consul connect envoy` tags each upstream cluster's stats with the target it resolved to
 * (`consul_destination_service`, `consul_destination_service_subset`, `consul_destination_namespace`).
 * The backend is the subset, or the service for a split without one (as the adapter names it); a
 * split to another service counts under that service. Consul CE has one namespace (`default`), so
 * there the caller's Kubernetes namespace (the pod's `namespace` target label) stands in for the
 * service's. Both are derived with `label_join` and `label_replace` (an unmatched group is empty).
 * `cluster` is the shared Prometheus' target label.
 */
export function consulQueries(mesh: Mesh): MetricQueries {
  return derivedQueries({
    by: {
      namespace: 'service_namespace',
      service: 'consul_destination_service',
      backend: 'service_backend',
    },
    // The caller's Envoy names its own service in a fixed stats tag; its pod gives the namespace.
    callers: { app: 'consul_source_service', namespace: 'namespace' },
    // The per-target sums first (few series), then the derived labels, then the sum per backend.
    inner:
      'namespace, consul_destination_namespace, consul_destination_service, consul_destination_service_subset',
    derive: (e) =>
      `label_replace(label_join(label_replace(label_join(${e}, "ns_pair", ";", "consul_destination_namespace", "namespace"), "service_namespace", "$1$2", "ns_pair", "default;(.*)|([^;]*);.*"), "subset_pair", ";", "consul_destination_service_subset", "consul_destination_service"), "service_backend", "$1$2", "subset_pair", ";(.*)|([^;]+);.*")`,
    matchers: (s?: ServiceSelector) => [
      `cluster="${promString(mesh.source.name)}"`,
      s ? `consul_destination_service="${promString(s.name)}"` : `consul_destination_service!=""`,
    ],
    responses: 'envoy_cluster_upstream_rq_xx',
    success: 'envoy_response_code_class!="5"',
    latencyBuckets: 'envoy_cluster_upstream_rq_time_bucket',
  })
}
