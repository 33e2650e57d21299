import 'server-only'
import { serviceId, type ServiceKey } from '@/lib/ids'
import type { Mesh, MeshKind, MeshService, ServiceList, TrafficSplit } from '@/lib/schemas'
import { samePercents } from '@/lib/weights'
import type { MeshAdapter } from '@/server/adapters/contract'
import { changedMatches } from '@/server/adapters/matches'
import {
  changesMembership,
  nextBackends,
  withCandidates,
  type NextBackend,
} from '@/server/adapters/membership'
import { guardedPatch, revisionTest, type JsonPatchOp } from '@/server/adapters/k8s/guarded-patch'
import { kubeRead } from '@/server/adapters/k8s/native-read'
import type { KubeService, Pod } from '@/server/adapters/k8s/objects'
import { ownerOf } from '@/server/adapters/k8s/ownership'
import { previewOf } from '@/server/adapters/k8s/preview'
import { serviceReadiness } from '@/server/adapters/k8s/readiness'
import {
  sameAppServices,
  serviceCandidates,
  type ServiceCandidate,
} from '@/server/adapters/k8s/same-app'
import {
  indexWorkloads,
  servicesBySelector,
  type LabelIndex,
} from '@/server/adapters/k8s/workload-index'
import { NotFoundError } from '@/server/errors'
import type { SourceHandle } from '@/server/sources/source'
import { routePath, type BackendRef, type HttpRoute, type RouteApi } from './native'
import {
  activeRoute,
  byParent,
  listRoutes,
  problemsByParent,
  routingObjects,
  splitOf,
  type Routed,
} from './routes'
import { rewrittenRules, weightedRuleIndex } from './rules'

/** What distinguishes one HTTPRoute-based mesh from another: which mesh, which route APIs. */
export type HttpRouteMesh = {
  kind: MeshKind
  discover: MeshAdapter['discover']
  /** The route APIs this mesh obeys in a source, in precedence order on a creation-time tie. */
  apis(source: SourceHandle, signal: AbortSignal): Promise<RouteApi[]>
  /** PromQL over the proxies that apply the routes, grouped by parent Service and backend Service. */
  metricQueries?: MeshAdapter['metricQueries']
}

/** The winning route of a parent Service, and the Services of its namespace (the candidates). */
type RouteRead = {
  active: Routed
  parent: { namespace: string; name: string }
  services: KubeService[]
}

const weightedRefs = (route: HttpRoute) => route.spec.rules![weightedRuleIndex(route)]!.backendRefs!

/** The Services of the parent's app the weighted rule does not name, on the port its backends use. */
const candidatesOf = (
  route: HttpRoute,
  parent: RouteRead['parent'],
  services: LabelIndex<KubeService>,
) => {
  const refs = weightedRefs(route)
  return sameAppServices(
    services,
    parent,
    refs.map((r) => r.name),
    refs.find((r) => r.port !== undefined)?.port,
  )
}

const splitWithCandidates = ({ parent, services }: RouteRead, route: HttpRoute): TrafficSplit =>
  withCandidates(
    splitOf(route),
    serviceCandidates(candidatesOf(route, parent, servicesBySelector(services)), parent.namespace),
  )

/** The weighted rule's references after a write: kept ones, then joining Services (weight 0 until weighed). */
function nextRefs(
  refs: readonly BackendRef[],
  next: readonly NextBackend[],
  candidates: readonly ServiceCandidate[],
): BackendRef[] {
  return next.map((b) => {
    if (!b.joins) return structuredClone(refs.find((r) => r.name === b.name)!)
    const { name, port } = candidates.find((c) => c.name === b.name)!
    return { name, ...(port !== undefined && { port }), weight: 0 }
  })
}

/**
 * A MeshAdapter over HTTPRoutes whose parent is a Service (GAMMA): the service is the parent, its
 * backends the backendRefs of the winning route's weighted rule, its matches the header-only rules,
 * its candidates the other Services of the parent's app in its namespace.
 */
export function httpRouteAdapter(
  mesh: HttpRouteMesh,
): MeshAdapter<SourceHandle, RouteRead, JsonPatchOp[]> {
  async function readActive(
    service: ServiceKey,
    source: SourceHandle,
    signal: AbortSignal,
  ): Promise<RouteRead> {
    const ns = encodeURIComponent(service.namespace)
    const [{ routes }, services] = await Promise.all([
      mesh.apis(source, signal).then((apis) => listRoutes(source, apis, signal)),
      source.kube.list<KubeService>(`/api/v1/namespaces/${ns}/services`, signal),
    ])
    const active = activeRoute(byParent(routes).get(`${service.namespace}/${service.name}`) ?? [])
    if (!active)
      throw new NotFoundError(
        `no weighted HTTPRoute for Service ${service.namespace}/${service.name} in ${source.ref.name}`,
      )
    return { active, parent: { namespace: service.namespace, name: service.name }, services }
  }

  const adapter: MeshAdapter<SourceHandle, RouteRead, JsonPatchOp[]> = {
    kind: mesh.kind,
    sourceKinds: ['kubernetes'],
    discover: mesh.discover,
    metricQueries: mesh.metricQueries,

    async services(found: Mesh, source, signal): Promise<ServiceList> {
      const [{ routes, rejected }, services, pods] = await Promise.all([
        mesh.apis(source, signal).then((apis) => listRoutes(source, apis, signal)),
        source.kube.list<KubeService>('/api/v1/services', signal),
        source.kube.list<Pod>('/api/v1/pods', signal),
      ])
      const meshKey = { source: source.key, kind: mesh.kind, name: found.name }
      const world = indexWorkloads(services, pods)
      const problemsOf = problemsByParent(rejected)
      const items = [...byParent(routes)].flatMap(([parent, contenders]): MeshService[] => {
        const active = activeRoute(contenders)
        if (!active) return []
        const [namespace, name] = parent.split('/') as [string, string]
        const split = splitOf(active.route)
        const refs = active.route.spec.rules![weightedRuleIndex(active.route)]!.backendRefs!
        const owner = ownerOf(active.meta)
        const problems = problemsOf.of([parent])
        const candidates = serviceCandidates(
          candidatesOf(active.route, { namespace, name }, world.services),
          namespace,
          world,
        )
        return [
          {
            id: serviceId({ mesh: meshKey, namespace, name }),
            meshId: found.id,
            meshKind: mesh.kind,
            name,
            namespace,
            backends: refs.map((b, i) => ({
              name: b.name,
              weight: split.backends[i]!.weight,
              ...serviceReadiness(world, b.namespace ?? active.meta.namespace ?? namespace, b.name),
            })),
            ...(candidates.length > 0 && { candidates }),
            revision: split.revision,
            routing: routingObjects(contenders, active),
            ...(owner && { owner }),
            capabilities: { matches: true },
            ...(problems.length > 0 && { problems }),
          },
        ]
      })
      return { items, problems: rejected.map((r) => r.problem) }
    },

    async read(service, source, signal) {
      const read = await readActive(service, source, signal)
      return kubeRead(read.active.route, splitWithCandidates(read, read.active.route), read)
    },

    plan({ split, native }, desired) {
      const { active } = native
      const index = weightedRuleIndex(active.route)
      const refs = active.route.spec.rules![index]!.backendRefs!
      const next = nextBackends(split, desired)
      const joining = changesMembership(split, next)
      // A backend joining or leaving rewrites the weighted rule's references; else only weights.
      const route = joining
        ? withRefs(
            active.route,
            index,
            nextRefs(
              refs,
              next,
              candidatesOf(active.route, native.parent, servicesBySelector(native.services)),
            ),
          )
        : active.route
      const percents = next.map((b) => b.weight)
      const matches = changedMatches(desired, split)
      const rules = rewrittenRules(route, percents, matches)
      const after: HttpRoute = {
        ...structuredClone(active.route),
        spec: { ...active.route.spec, rules },
      }
      const guard = revisionTest(split.revision)
      const patch: JsonPatchOp[] = matches
        ? [guard, { op: 'replace', path: '/spec/rules', value: rules }]
        : joining
          ? [
              guard,
              {
                op: 'replace',
                path: `/spec/rules/${index}/backendRefs`,
                value: rules[index]!.backendRefs,
              },
            ]
          : [
              revisionTest(split.revision),
              ...rules[index]!.backendRefs!.map((b, j) => ({
                // `add` sets a weight that may be absent (it defaults to 1); `replace` needs it present.
                op: refs[j]!.weight === undefined ? ('add' as const) : ('replace' as const),
                path: `/spec/rules/${index}/backendRefs/${j}/weight`,
                value: b.weight ?? 1,
              })),
            ]
      return {
        changes:
          joining ||
          !samePercents(
            split.backends.map((b) => b.weight),
            percents,
          ) ||
          !!matches,
        preview: previewOf(active.route, after),
        change: patch,
      }
    },

    async write({ native }, patch, source, signal) {
      const { api, meta } = native.active
      const path = routePath(api, meta.namespace ?? 'default', meta.name)
      const written = await guardedPatch<HttpRoute>(source, path, patch, signal)
      return { split: splitWithCandidates(native, written) }
    },
  }
  return adapter
}

/** The route with the weighted rule's references replaced (weights still to be set). */
function withRefs(route: HttpRoute, index: number, refs: BackendRef[]): HttpRoute {
  const next = structuredClone(route)
  next.spec.rules![index]!.backendRefs = refs
  return next
}
