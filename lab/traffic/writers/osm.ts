import type { Exchange } from '../model'
import { envoyClusterFamilies } from './envoy'
import type { MetricFamilyWriter } from './writer'

/**
 * OSM's cluster names (MeshService.EnvoyClusterName): `<namespace>/<service>|<port>` for the
 * upstream a caller's Envoy picked (the TrafficSplit backend Service), and the same with `|local`
 * for the pod's own app, named after the Service the caller addressed. OSM adds no stats tags:
 * its Prometheus job adds `source_namespace`, `source_service`... from the pod as target labels.
 */
function clusterName(x: Exchange): string {
  if (x.direction === 'inbound')
    return `${x.service.namespace}/${x.service.name}|${x.service.port}|local`
  const up = x.upstream ?? { ...x.service, service: x.backend }
  return `${up.namespace}/${up.service}|${up.port}`
}

/** What an OSM sidecar exports on :15010/stats/prometheus (the upstream cluster stats). */
export const osmWriter: MetricFamilyWriter = {
  proxy: 'osm',
  write: (pod) => envoyClusterFamilies(pod, (x) => ({ envoy_cluster_name: clusterName(x) })),
}
