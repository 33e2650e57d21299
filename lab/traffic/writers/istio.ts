import { counterFamily, histogramFamily, type Labels } from '../exposition'
import { ISTIO_BUCKETS_MS } from '../histogram'
import type { Exchange } from '../model'
import type { MetricFamilyWriter } from './writer'

const UNKNOWN = 'unknown'

/** Istio's standard metric labels for one exchange; `reporter` is the side whose Envoy counted it. */
function istioLabels(x: Exchange): Labels {
  const src = x.source
  const dst = x.destination
  const host = `${x.service.name}.${x.service.namespace}.svc.cluster.local`
  return {
    reporter: x.direction === 'inbound' ? 'destination' : 'source',
    source_workload: src?.name ?? UNKNOWN,
    source_workload_namespace: src?.namespace ?? UNKNOWN,
    source_principal: src ? `spiffe://cluster.local/ns/${src.namespace}/sa/${src.app}` : UNKNOWN,
    source_app: src?.app ?? UNKNOWN,
    source_version: src?.version ?? UNKNOWN,
    source_cluster: src?.cluster ?? UNKNOWN,
    destination_workload: dst.name,
    destination_workload_namespace: dst.namespace,
    destination_principal: `spiffe://cluster.local/ns/${dst.namespace}/sa/${dst.app}`,
    destination_app: dst.app,
    destination_version: dst.version,
    destination_service: host,
    destination_service_name: x.service.name,
    destination_service_namespace: x.service.namespace,
    destination_canonical_service: dst.app,
    destination_canonical_revision: dst.version,
    destination_cluster: dst.cluster,
    request_protocol: 'http',
    response_code: String(x.code),
    grpc_response_status: '',
    response_flags: '-',
    connection_security_policy: x.direction === 'inbound' ? 'mutual_tls' : UNKNOWN,
  }
}

/** What an Istio sidecar exports on :15020/stats/prometheus (the standard metrics only). */
export const istioWriter: MetricFamilyWriter = {
  proxy: 'istio',
  write(pod) {
    const series = [...pod.series.values()].map(({ exchange, stats }) => ({
      labels: istioLabels(exchange),
      stats,
    }))
    return (
      counterFamily(
        'istio_requests_total',
        'Total requests.',
        series.map(({ labels, stats }) => ({ labels, value: stats.count })),
      ) +
      histogramFamily(
        'istio_request_duration_milliseconds',
        'Request duration.',
        ISTIO_BUCKETS_MS,
        series,
      )
    )
  },
}
