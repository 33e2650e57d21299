import 'server-only'
import { preferredVersion } from '@/server/adapters/k8s/guarded-patch'
import type { SourceHandle } from '@/server/sources/source'

const GROUP = 'networking.istio.io'

/**
 * The networking.istio.io version to read and write: the one the cluster prefers (v1 from Istio
 * 1.22; clusters before serve v1beta1 and v1alpha3 only), null where Istio's API is not served.
 */
export const servedIstioVersion = (source: SourceHandle, signal: AbortSignal) =>
  preferredVersion(source, GROUP, signal)

export const istioApiVersion = (version: string) => `${GROUP}/${version}`

export const istioPath = (version: string, plural: string) => `/apis/${GROUP}/${version}/${plural}`

export const vsPath = (version: string, namespace: string, name: string) =>
  `/apis/${GROUP}/${version}/namespaces/${encodeURIComponent(namespace)}/virtualservices/${encodeURIComponent(name)}`
