import 'server-only'
import { serviceId, type MeshKey } from '@/lib/ids'
import type { Backend, Mesh, MeshService, RoutingObject } from '@/lib/schemas'
import type { KubeService, Pod } from '@/server/adapters/k8s/objects'
import { ownerOf } from '@/server/adapters/k8s/ownership'
import type { SourceHandle } from '@/server/sources/source'
import {
  ISTIO_API,
  ISTIO_API_VERSION,
  backendName,
  type DestinationRule,
  type RouteDestination,
  type VirtualService,
} from './native'
import { ownedRoute, splitOf } from './split'

/**
 * Every VirtualService with a weighted default route is a service; its backends are the route's
 * destinations, and each backend's pods are those matching its DestinationRule subset labels
 * within the selector of the Kubernetes Service the destination host names.
 */
export async function istioServices(
  mesh: Mesh,
  source: SourceHandle,
  signal: AbortSignal,
): Promise<MeshService[]> {
  const kube = source.kube
  const [virtualServices, rules, services, pods] = await Promise.all([
    kube.list<VirtualService>(`${ISTIO_API}/virtualservices`, signal),
    kube.list<DestinationRule>(`${ISTIO_API}/destinationrules`, signal),
    kube.list<KubeService>('/api/v1/services', signal),
    kube.list<Pod>('/api/v1/pods', signal),
  ])
  const world = { rules, services, pods }
  const meshKey: MeshKey = { source: source.key, kind: 'istio', name: mesh.name }
  return virtualServices.flatMap((vs) => {
    const owned = ownedRoute(vs)
    if (!owned) return []
    const namespace = vs.metadata.namespace ?? 'default'
    const split = splitOf(vs, owned)
    const backends: Backend[] = owned.route.map((d, i) => ({
      ...readiness(d, namespace, world),
      name: backendName(d),
      weight: split.backends[i]!.weight,
    }))
    const routing: RoutingObject[] = [
      {
        kind: 'VirtualService',
        apiVersion: ISTIO_API_VERSION,
        namespace,
        name: vs.metadata.name,
        active: true,
        ...(vs.metadata.creationTimestamp && { createdAt: vs.metadata.creationTimestamp }),
      },
      ...rulesFor(owned.route, namespace, rules).map((r) => ({
        kind: 'DestinationRule',
        apiVersion: ISTIO_API_VERSION,
        namespace: r.metadata.namespace,
        name: r.metadata.name,
        active: false,
      })),
    ]
    const owner = ownerOf(vs.metadata)
    return [
      {
        id: serviceId({ mesh: meshKey, namespace, name: vs.metadata.name }),
        meshId: mesh.id,
        meshKind: 'istio' as const,
        name: vs.metadata.name,
        namespace,
        backends,
        revision: split.revision,
        routing,
        ...(owner && { owner }),
        capabilities: { matches: true },
      },
    ]
  })
}

/** Istio short names resolve in the VirtualService's namespace: `reviews` → reviews.<ns>.svc.cluster.local. */
function fqdn(host: string, namespace: string): string {
  const parts = host.split('.')
  if (parts.length === 1) return `${host}.${namespace}.svc.cluster.local`
  if (parts.length === 2) return `${host}.svc.cluster.local`
  return host
}

type World = { rules: DestinationRule[]; services: KubeService[]; pods: Pod[] }

function rulesFor(
  route: RouteDestination[],
  namespace: string,
  rules: DestinationRule[],
): DestinationRule[] {
  const hosts = new Set(route.map((d) => fqdn(d.destination.host, namespace)))
  return rules.filter((r) => hosts.has(fqdn(r.spec.host, r.metadata.namespace ?? 'default')))
}

function readiness(d: RouteDestination, namespace: string, world: World) {
  const host = fqdn(d.destination.host, namespace)
  const [name, hostNamespace] = host.split('.')
  const service = world.services.find(
    (s) => s.metadata.name === name && s.metadata.namespace === hostNamespace,
  )
  const subset = d.destination.subset
    ? world.rules
        .filter((r) => fqdn(r.spec.host, r.metadata.namespace ?? 'default') === host)
        .flatMap((r) => r.spec.subsets ?? [])
        .find((s) => s.name === d.destination.subset)
    : undefined
  const selector = { ...service?.spec?.selector, ...subset?.labels }
  // No selector at all would match every pod of the namespace: report none rather than all.
  if (Object.keys(selector).length === 0) return { replicas: 0, readyReplicas: 0 }
  const pods = world.pods.filter(
    (p) =>
      p.metadata.namespace === hostNamespace &&
      Object.entries(selector).every(([k, v]) => p.metadata.labels?.[k] === v),
  )
  return { replicas: pods.length, readyReplicas: pods.filter(isReady).length }
}

const isReady = (p: Pod) =>
  p.status?.phase === 'Running' &&
  (p.status.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
