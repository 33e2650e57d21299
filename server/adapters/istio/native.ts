import 'server-only'
import type { ObjectMeta } from '@/server/adapters/k8s/objects'

/** The slices of Istio's and Kubernetes' wire objects this adapter reads (networking.istio.io/v1). */

export const ISTIO_API = '/apis/networking.istio.io/v1'
export const ISTIO_API_VERSION = 'networking.istio.io/v1'

export type Destination = { host: string; subset?: string; port?: { number?: number } }
export type RouteDestination = { destination: Destination; weight?: number }
/** StringMatch: exactly one of these is set. */
export type StringMatch = { exact?: string; prefix?: string; regex?: string }
export type HttpMatchRequest = { headers?: Record<string, StringMatch>; [other: string]: unknown }
export type HttpRoute = {
  name?: string
  match?: HttpMatchRequest[]
  route?: RouteDestination[]
  [other: string]: unknown
}

/** A backend is the destination's subset (or its host when it names none). */
export const backendName = (d: RouteDestination) => d.destination.subset ?? d.destination.host

export type VirtualService = {
  apiVersion: string
  kind: 'VirtualService'
  metadata: ObjectMeta
  spec: { hosts?: string[]; gateways?: string[]; http?: HttpRoute[] }
}

export type Subset = { name: string; labels?: Record<string, string> }
export type DestinationRule = {
  apiVersion: string
  kind: 'DestinationRule'
  metadata: ObjectMeta
  spec: { host: string; subsets?: Subset[] }
}

export const vsPath = (namespace: string, name: string) =>
  `${ISTIO_API}/namespaces/${encodeURIComponent(namespace)}/virtualservices/${encodeURIComponent(name)}`
