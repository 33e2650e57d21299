import 'server-only'
import { serviceId, type MeshKey } from '@/lib/ids'
import type {
  Backend,
  CandidateBackend,
  Mesh,
  MeshService,
  RoutingObject,
  ServiceList,
} from '@/lib/schemas'
import { listSorted } from '@/server/adapters/k8s/list-sorted'
import type { KubeService, Pod } from '@/server/adapters/k8s/objects'
import { ownerOf } from '@/server/adapters/k8s/ownership'
import { replicasOf } from '@/server/adapters/k8s/readiness'
import { indexWorkloads, type Workloads } from '@/server/adapters/k8s/workload-index'
import type { SourceHandle } from '@/server/sources/source'
import { activeOf, byService } from './active'
import { routedHost, subsetCandidates } from './candidates'
import { istioApiVersion, istioPath, servedIstioVersion } from './api'
import { fqdn, type ServiceRef } from './hosts'
import { backendName, DestinationRule, VirtualService, type RouteDestination } from './native'
import { problemsByHost } from './problems'
import { RulesByHost } from './rule-index'
import { ownedRoute, splitOf, type OwnedRoute } from './split'

/**
 * A service is the Kubernetes Service a VirtualService's host names, routed by the oldest of its
 * VirtualServices (the one sidecars obey) when that one has a weighted default route; its backends
 * are the route's destinations, and each backend's pods are those matching its DestinationRule
 * subset labels within the selector of the Service the destination host names. Objects that do
 * not fit their schema are skipped and reported, on the services whose hosts they name too.
 */
export async function istioServices(
  mesh: Mesh,
  source: SourceHandle,
  signal: AbortSignal,
): Promise<ServiceList> {
  const version = await servedIstioVersion(source, signal)
  if (!version) return { items: [], problems: [] }
  const apiVersion = istioApiVersion(version)
  const [virtualServices, rules, services, pods] = await Promise.all([
    listSorted(source, istioPath(version, 'virtualservices'), VirtualService, signal),
    listSorted(source, istioPath(version, 'destinationrules'), DestinationRule, signal),
    source.kube.list<KubeService>('/api/v1/services', signal),
    source.kube.list<Pod>('/api/v1/pods', signal),
  ])
  // Indexed once: each service then looks up its rules and pods instead of scanning every one.
  const world: World = { rules: new RulesByHost(rules.objects), ...indexWorkloads(services, pods) }
  const rejected = [...virtualServices.rejected, ...rules.rejected]
  const problemsOf = problemsByHost(rejected)
  const meshKey: MeshKey = { source: source.key, kind: 'istio', name: mesh.name }
  const items = [...byService(virtualServices.objects).values()].flatMap(
    ({ service, contenders }): MeshService[] => {
      const vs = activeOf(contenders)!
      const owned = ownedRoute(vs)
      if (!owned) return []
      // Destination hosts resolve in the VirtualService's namespace, not the service's.
      const namespace = vs.metadata.namespace ?? 'default'
      const split = splitOf(vs, owned)
      const backends: Backend[] = owned.route.map((d, i) => ({
        ...readiness(d, namespace, world),
        name: backendName(d),
        weight: split.backends[i]!.weight,
      }))
      const candidates = candidatesOf(owned, namespace, world)
      const routing: RoutingObject[] = [
        ...contenders.map((c) => ({
          kind: 'VirtualService',
          apiVersion,
          namespace: c.metadata.namespace,
          name: c.metadata.name,
          active: c === vs,
          ...(c.metadata.creationTimestamp && { createdAt: c.metadata.creationTimestamp }),
        })),
        ...world.rules.ofAny(destinationHosts(owned.route, namespace)).map((r) => ({
          kind: 'DestinationRule',
          apiVersion,
          namespace: r.metadata.namespace,
          name: r.metadata.name,
          active: false,
        })),
      ]
      const owner = ownerOf(vs.metadata)
      const problems = problemsOf.of(hostsOf(service, owned.route, namespace))
      return [
        {
          id: serviceId({ mesh: meshKey, ...service }),
          meshId: mesh.id,
          meshKind: 'istio',
          ...service,
          backends,
          ...(candidates.length > 0 && { candidates }),
          revision: split.revision,
          routing,
          ...(owner && { owner }),
          capabilities: { matches: true },
          ...(problems.length > 0 && { problems }),
        },
      ]
    },
  )
  return { items, problems: rejected.map((r) => r.problem) }
}

/** The FQDNs that concern a service: its own and its destinations' (resolved in the route's namespace). */
function hostsOf(service: ServiceRef, route: RouteDestination[], namespace: string) {
  return new Set([
    fqdn(`${service.name}.${service.namespace}`, namespace),
    ...route.map((d) => fqdn(d.destination.host, namespace)),
  ])
}

/** The FQDNs a route's destinations name (resolved in the route's namespace). */
const destinationHosts = (route: RouteDestination[], namespace: string) =>
  new Set(route.map((d) => fqdn(d.destination.host, namespace)))

type World = Workloads & { rules: RulesByHost }

/**
 * The subsets the route could also send to, with their pods; and each version (pod label
 * `version`) of the host's Service that no subset selects: it has pods, but no subset to route to.
 */
function candidatesOf(owned: OwnedRoute, namespace: string, world: World): CandidateBackend[] {
  const movable = subsetCandidates(owned, namespace, world.rules).map((c) => ({
    name: c.name,
    weight: 0 as const,
    ...readiness({ destination: c.destination }, namespace, world),
  }))
  const { destination, fqdn: host } = routedHost(owned, namespace)
  const subsets = world.rules.of(host).flatMap((r) => r.spec.subsets ?? [])
  const selects = (labels: Record<string, string> | undefined, pod: Pod) =>
    Object.entries(labels ?? {}).every(([k, v]) => pod.metadata.labels?.[k] === v)
  const pods = podsOf(destination.host, namespace, world, {})
  const unselected = pods.filter((p) => !subsets.some((s) => selects(s.labels, p)))
  const byVersion = new Map<string, Pod[]>()
  for (const p of unselected) {
    const version = p.metadata.labels?.version
    if (version === undefined) continue
    const mine = byVersion.get(version)
    if (mine) mine.push(p)
    else byVersion.set(version, [p])
  }
  const named = new Set([...owned.route.map(backendName), ...movable.map((c) => c.name)])
  const stranded = [...byVersion]
    .filter(([version]) => !named.has(version))
    .map(([version, mine]) => ({
      name: version,
      weight: 0 as const,
      ...replicasOf(mine),
      reason: `pods labelled version=${version} run, but no DestinationRule subset of ${host} selects them`,
    }))
  return [...movable, ...stranded]
}

/** The pods of the Service a host names, narrowed by `labels` (none: a Service without selector). */
function podsOf(host: string, namespace: string, world: World, labels: Record<string, string>) {
  const [name, hostNamespace] = fqdn(host, namespace).split('.') as [string, string]
  const service = world.services.get(hostNamespace, name)
  // No selector at all would match every pod of the namespace: `matching` reports none rather than all.
  return world.pods.matching(hostNamespace, { ...service?.spec?.selector, ...labels })
}

function readiness(d: Pick<RouteDestination, 'destination'>, namespace: string, world: World) {
  const host = fqdn(d.destination.host, namespace)
  const subset = d.destination.subset
    ? world.rules
        .of(host)
        .flatMap((r) => r.spec.subsets ?? [])
        .find((s) => s.name === d.destination.subset)
    : undefined
  return replicasOf(podsOf(host, namespace, world, subset?.labels ?? {}))
}
