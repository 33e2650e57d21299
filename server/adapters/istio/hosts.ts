import 'server-only'
import type { VirtualService } from './native'

/** A Kubernetes Service, as Istio hosts name them. */
export type ServiceRef = { namespace: string; name: string }

/** Istio short names resolve in the object's namespace: `reviews` → reviews.<ns>.svc.cluster.local. */
export function fqdn(host: string, namespace: string): string {
  const parts = host.split('.')
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`
  if (parts.length === 2) return `${host}.svc.cluster.local`
  return host
}

/** `<name>.<namespace>.svc[.<cluster domain>]`: a host naming a Service of the cluster. */
const SERVICE_HOST = /^([^.*]+)\.([^.*]+)\.svc(\.[^*]*)?$/

/** The Service a host names, or null for a host outside the cluster (an external or wildcard name). */
export function serviceOfHost(host: string, namespace: string): ServiceRef | null {
  const m = SERVICE_HOST.exec(fqdn(host, namespace))
  return m ? { name: m[1]!, namespace: m[2]! } : null
}

/**
 * The service a VirtualService routes: the Service its first in-cluster host names (so
 * `reviews-route` with host `reviews.prod.svc.cluster.local` is the route of prod/reviews), else,
 * for routes of external hosts, the VirtualService itself.
 */
export function serviceOf(vs: VirtualService): ServiceRef {
  const namespace = vs.metadata.namespace ?? 'default'
  for (const host of vs.spec.hosts ?? []) {
    const service = serviceOfHost(host, namespace)
    if (service) return service
  }
  return { namespace, name: vs.metadata.name }
}

export const sameService = (a: ServiceRef, b: ServiceRef) =>
  a.namespace === b.namespace && a.name === b.name
