import { counterFamily, groupSeries, histogramFamily, type Labels } from '../exposition'
import { LINKERD_BUCKETS_MS } from '../histogram'
import type { Exchange } from '../model'
import type { MetricFamilyWriter } from './writer'

/**
 * What linkerd2-proxy exports on :4191/metrics. `namespace`, `pod` and `deployment` are not here:
 * Prometheus adds them from the pod's labels (linkerd-viz's relabelling, in the lab's config).
 */
function linkerdLabels(x: Exchange): Labels {
  const authority = `${x.service.name}.${x.service.namespace}.svc.cluster.local:${x.service.port}`
  const base: Labels = { direction: x.direction, authority, tls: 'true' }
  if (x.direction === 'inbound') return base
  return {
    ...base,
    dst_deployment: x.destination.name,
    dst_namespace: x.destination.namespace,
    dst_service: x.backend,
  }
}

export const linkerdWriter: MetricFamilyWriter = {
  proxy: 'linkerd',
  write(pod) {
    const entries = [...pod.series.values()]
    const requests = groupSeries(
      entries,
      (e) => linkerdLabels(e.exchange),
      (e) => e.stats,
    )
    const byCode = (e: (typeof entries)[number]) => ({
      ...linkerdLabels(e.exchange),
      status_code: String(e.exchange.code),
    })
    const responses = groupSeries(
      entries,
      (e) => ({ ...byCode(e), classification: e.exchange.code >= 500 ? 'failure' : 'success' }),
      (e) => e.stats,
    )
    const latencies = groupSeries(entries, byCode, (e) => e.stats)
    return (
      counterFamily(
        'request_total',
        'Total count of HTTP requests.',
        requests.map((g) => ({ labels: g.labels, value: g.stats.count })),
      ) +
      counterFamily(
        'response_total',
        'Total count of HTTP responses.',
        responses.map((g) => ({ labels: g.labels, value: g.stats.count })),
      ) +
      histogramFamily(
        'response_latency_ms',
        "Elapsed times between a request's headers being received and its response stream completing",
        LINKERD_BUCKETS_MS,
        latencies,
      )
    )
  },
}
