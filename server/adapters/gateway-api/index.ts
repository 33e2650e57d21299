import 'server-only'
import { meshId } from '@/lib/ids'
import type { Mesh } from '@/lib/schemas'
import { httpRouteAdapter } from '@/server/adapters/httproute/adapter'
import type { RouteApi } from '@/server/adapters/httproute/native'
import { listRoutes, parentServices } from '@/server/adapters/httproute/routes'
import { istioQueries } from '@/server/adapters/istio/promql'
import { preferredVersion } from '@/server/adapters/k8s/guarded-patch'
import { LINKERD_CONTROL_PLANE } from '@/server/adapters/linkerd/detect'
import { KubeStatusError } from '@/server/sources/kube-errors'
import type { SourceHandle } from '@/server/sources/source'

const GROUP = 'gateway.networking.k8s.io'
export const GATEWAY_API_MESH_NAME = 'gateway-api'

async function gatewayApis(source: SourceHandle, signal: AbortSignal): Promise<RouteApi[]> {
  const version = await preferredVersion(source, GROUP, signal)
  return version ? [{ group: GROUP, version }] : []
}

/** The Gateway API release installed (the CRD's bundle-version annotation), else the API version. */
async function bundleVersion(
  source: SourceHandle,
  apiVersion: string,
  signal: AbortSignal,
): Promise<string> {
  try {
    const crd = await source.kube.get<{ metadata: { annotations?: Record<string, string> } }>(
      `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/httproutes.${GROUP}`,
      signal,
    )
    return crd.metadata.annotations?.[`${GROUP}/bundle-version`] ?? apiVersion
  } catch (err) {
    if (err instanceof KubeStatusError) return apiVersion
    throw err
  }
}

/**
 * GAMMA is present when HTTPRoutes attach to Services. In a Linkerd cluster those routes are
 * Linkerd's (its adapter reads both groups), so they are not offered twice; elsewhere (Istio,
 * Cilium, Kuma...) they are a mesh of their own kind, whichever data plane implements them.
 */
async function detectGatewayApi(source: SourceHandle, signal: AbortSignal): Promise<Mesh[]> {
  const apis = await gatewayApis(source, signal)
  if (apis.length === 0) return []
  const [{ routes }, linkerd] = await Promise.all([
    listRoutes(source, apis, signal),
    source.kube.list('/api/v1/namespaces', signal, LINKERD_CONTROL_PLANE),
  ])
  if (linkerd.length > 0 || !routes.some((r) => parentServices(r.route).length > 0)) return []
  const key = { source: source.key, kind: 'gateway-api' as const, name: GATEWAY_API_MESH_NAME }
  return [
    {
      id: meshId(key),
      kind: 'gateway-api',
      name: GATEWAY_API_MESH_NAME,
      version: await bundleVersion(source, apis[0]!.version, signal),
      source: source.ref,
      mtls: 'unknown',
    },
  ]
}

/**
 * GAMMA routes outside Linkerd clusters are applied by Istio's sidecars here (Cilium or Kuma
 * export other metrics, and would show none). The destination's sidecar reports the Service the
 * caller addressed (the route's parent) as `destination_service_name`, but not which backendRef
 * was taken: a backend Service is taken to select the Deployment of its name (`reviews-v2`).
 */
const gammaQueries = (mesh: Mesh) => istioQueries(mesh, 'destination_workload')

export const gatewayApiAdapter = httpRouteAdapter({
  kind: 'gateway-api',
  discover: detectGatewayApi,
  apis: gatewayApis,
  metricQueries: gammaQueries,
})
