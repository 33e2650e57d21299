import type { Labels } from '../exposition'
import type { Exchange } from '../model'
import { envoyClusterFamilies } from './envoy'
import type { MetricFamilyWriter } from './writer'

/** Consul CE: one namespace and partition, the lab's one datacenter and its CA's trust domain. */
const NAMESPACE = 'default'
const DATACENTER = 'dc1'
const TRUST_DOMAIN = '5b2d21e0-7a1c-4f2e-9d3b-8c4a6e0f1d27'

/**
 * The tags `consul connect envoy` configures (command/connect/envoy/bootstrap_config.go): fixed
 * ones naming the proxy's own service on every stat, and `consul.destination.*` cut out of an
 * upstream cluster's SNI name `[<subset>.]<service>.<namespace>.<dc>.internal.<trust domain>.consul`.
 * Envoy's own `envoy.cluster_name` tag takes that name's first segment; the app's cluster is `local_app`.
 */
function consulLabels(x: Exchange): Labels {
  const self = x.direction === 'inbound' ? (x.upstream?.service ?? x.service.name) : x.source!.app
  const fixed = {
    local_cluster: self,
    consul_source_service: self,
    consul_source_namespace: NAMESPACE,
    consul_source_partition: NAMESPACE,
    consul_source_datacenter: DATACENTER,
  }
  if (x.direction === 'inbound') return { ...fixed, envoy_cluster_name: 'local_app' }
  const service = x.upstream?.service ?? x.service.name
  const subset = x.upstream?.subset ?? ''
  const target = `${subset ? `${subset}.` : ''}${service}.${NAMESPACE}.${DATACENTER}`
  return {
    ...fixed,
    consul_destination_custom_hash: '',
    consul_destination_service_subset: subset,
    consul_destination_service: service,
    consul_destination_namespace: NAMESPACE,
    consul_destination_partition: '',
    consul_destination_datacenter: DATACENTER,
    consul_destination_routing_type: 'internal',
    consul_destination_trust_domain: TRUST_DOMAIN,
    consul_destination_target: target,
    consul_destination_full_target: `${target}.internal.${TRUST_DOMAIN}`,
    envoy_cluster_name: target.split('.')[0]!,
  }
}

/** What a Consul sidecar exports on consul-k8s' merged metrics port (:20200/metrics). */
export const consulWriter: MetricFamilyWriter = {
  proxy: 'consul',
  write: (pod) => envoyClusterFamilies(pod, consulLabels),
}
