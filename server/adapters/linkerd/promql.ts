import 'server-only'
import type { Mesh } from '@/lib/schemas'
import {
  derivedQueries,
  promRegexLiteral,
  promString,
  type MetricQueries,
  type ServiceSelector,
} from '@/server/metrics/queries'

// `authority` is the FQDN the caller addressed (Linkerd canonicalises it): name.namespace.svc...[:port].
const AUTHORITY = '([^.:]+)\\.([^.:]+)\\.svc(\\.[^:]*)?(:[0-9]+)?'

/**
 * linkerd2-proxy's metrics as the callers' proxies report them (direction="outbound", as `linkerd
 * viz stat` and the SMI metrics API read a traffic split): the client's proxy applies the
 * HTTPRoute, so its `authority` is the parent Service called and `dst_service` the backend Service
 * the route picked. Inbound metrics cannot say which backendRef a request went through (only the
 * pod's deployment, whose name need not be the Service's) and also count callers that bypassed
 * the route. The parent's namespace and name are cut out of `authority` (`label_replace`) and
 * named like the proxy's newer per-route metrics (`parent_namespace`, `parent_name`).
 */
export function linkerdQueries(mesh: Mesh): MetricQueries {
  return derivedQueries({
    by: { namespace: 'parent_namespace', service: 'parent_name', backend: 'dst_service' },
    // The caller is the pod whose proxy counted: its namespace and `app` label (target labels).
    callers: { app: 'app', namespace: 'namespace' },
    // The per-authority sums first (few series), then the parent labels, then the sum per parent.
    inner: 'authority, dst_service',
    derive: (e) =>
      `label_replace(label_replace(${e}, "parent_name", "$1", "authority", "${promString(AUTHORITY)}"), "parent_namespace", "$2", "authority", "${promString(AUTHORITY)}")`,
    matchers: (s?: ServiceSelector) => [
      `direction="outbound"`,
      `cluster="${promString(mesh.source.name)}"`,
      `dst_service!=""`,
      s &&
        `authority=~"${promRegexLiteral(s.name)}\\\\.${promRegexLiteral(s.namespace)}\\\\.svc(\\\\.[^:]*)?(:[0-9]+)?"`,
    ],
    // response_total for both, as viz does: requests still in flight have no classification yet.
    responses: 'response_total',
    success: `classification="success"`,
    latencyBuckets: 'response_latency_ms_bucket',
  })
}
