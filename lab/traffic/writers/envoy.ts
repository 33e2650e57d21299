import { counterFamily, groupSeries, histogramFamily, type Labels } from '../exposition'
import { ENVOY_BUCKETS_MS } from '../histogram'
import type { Exchange, PodTraffic } from '../model'
import type { MetricFamilyWriter } from './writer'

/**
 * The upstream cluster stats any Envoy exports on /stats/prometheus (`envoy_cluster_upstream_rq`
 * by code, `_xx` by class, `_total`, `_time` histogram in ms), one series set per label set that
 * `labelsOf` gives an exchange: the cluster name and the mesh's stats tags.
 */
export function envoyClusterFamilies(pod: PodTraffic, labelsOf: (x: Exchange) => Labels): string {
  const entries = [...pod.series.values()]
  const cluster = (e: (typeof entries)[number]) => labelsOf(e.exchange)
  const byCode = groupSeries(
    entries,
    (e) => ({ ...cluster(e), envoy_response_code: String(e.exchange.code) }),
    (e) => e.stats,
  )
  const byClass = groupSeries(
    entries,
    (e) => ({ ...cluster(e), envoy_response_code_class: String(e.exchange.code)[0]! }),
    (e) => e.stats,
  )
  const total = groupSeries(entries, cluster, (e) => e.stats)
  const count = (gs: typeof total) => gs.map((g) => ({ labels: g.labels, value: g.stats.count }))
  return (
    counterFamily('envoy_cluster_upstream_rq', '', count(byCode)) +
    counterFamily('envoy_cluster_upstream_rq_xx', '', count(byClass)) +
    counterFamily('envoy_cluster_upstream_rq_total', '', count(total)) +
    histogramFamily('envoy_cluster_upstream_rq_time', '', ENVOY_BUCKETS_MS, total)
  )
}

/**
 * What an App Mesh Envoy exports on :9901/stats/prometheus: inbound traffic on the local virtual
 * node's ingress cluster, outbound on the egress cluster of the virtual node called, named as App
 * Mesh names them (`cds_ingress_<mesh>_<node>_http_<port>`). App Mesh flows carry the mesh name as
 * their namespace and the virtual node as the destination workload (see appmesh-flows.ts).
 */
function clusterName(x: Exchange): string {
  const side = x.direction === 'inbound' ? 'ingress' : 'egress'
  return `cds_${side}_${x.service.namespace}_${x.destination.name}_http_${x.service.port}`
}

export const envoyWriter: MetricFamilyWriter = {
  proxy: 'envoy',
  write: (pod) => envoyClusterFamilies(pod, (x) => ({ envoy_cluster_name: clusterName(x) })),
}
